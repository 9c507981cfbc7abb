// Defect 15 of issue 14: links in mails and QR codes were built from the
// request's Host header, so anyone signing up (or an owner's request through a
// hostile proxy) could make the server mail a link to their own site. Links
// come from PUBLIC_URL, or, without it, the server's own listen address.
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, startTestServer } from '../../testkit/harness.ts';
import { ConfigError, loadConfig, requireDeployable } from '../config.ts';
import type { RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let bare: RunningServer;
let configured: RunningServer;
const PUBLIC_URL = 'https://q.clinic.example';
beforeAll(async () => {
  db = await openTestDb();
  bare = await startTestServer(db, { SIGNUP_RATE_LIMIT_PER_HOUR: '1000' });
  configured = await startTestServer(db, { SIGNUP_RATE_LIMIT_PER_HOUR: '1000', PUBLIC_URL: `${PUBLIC_URL}/` });
});
afterAll(async () => {
  await bare.close();
  await configured.close();
  await db.dispose();
});

/** fetch will not send a forged Host header; node:http will, as an attacker's client does. */
function postWithHost(base: string, path: string, host: string, body: unknown, token?: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, base);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          host,
          'x-forwarded-host': host,
          'x-forwarded-proto': 'https',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function signUpVia(server: RunningServer, host: string): Promise<{ link: string; accessToken: string; clinicId: string }> {
  const email = `owner-${randomUUID().slice(0, 8)}@test.tn`;
  const r = await postWithHost(server.url, '/api/signup', host, {
    clinicName: 'Cabinet Evil',
    ownerName: 'Dr Host',
    email,
    password: 'a long enough password',
    languages: ['en'],
    timeZone: 'Africa/Tunis',
  });
  expect(r.status, r.body).toBe(201);
  const [mail] = await db.query<{ body: string }>('SELECT body FROM mail_outbox WHERE to_email = $1', [email]);
  const link = /https?:\/\/\S+verify=\S+/.exec(mail!.body)![0];
  const grant = JSON.parse(r.body).grant as { accessToken: string; clinic: { id: string } };
  return { link, accessToken: grant.accessToken, clinicId: grant.clinic.id };
}

describe('link poisoning (defect 15)', () => {
  it('when a sign-up comes with a forged Host and no PUBLIC_URL is set, then the mailed link points at the server itself', async () => {
    const { link } = await signUpVia(bare, 'attacker.evil.test');
    expect(link).not.toContain('evil');
    expect(link.startsWith(`${bare.url}/owner.html?verify=`), link).toBe(true);
  });

  it('when PUBLIC_URL is set, then mailed links and enrolment QR codes use it whatever the Host says', async () => {
    const s = await signUpVia(configured, 'attacker.evil.test');
    expect(s.link.startsWith(`${PUBLIC_URL}/owner.html?verify=`), s.link).toBe(true);
    const code = await postWithHost(
      configured.url,
      `/api/owner/clinics/${s.clinicId}/verification`,
      'attacker.evil.test',
      {},
      s.accessToken,
    );
    expect(code.status).toBe(202);
    const [again] = await db.query<{ body: string }>(
      `SELECT m.body FROM mail_outbox m JOIN users u ON lower(u.email) = lower(m.to_email)
         JOIN memberships ms ON ms.user_id = u.id WHERE ms.clinic_id = $1 ORDER BY m.created_at DESC LIMIT 1`,
      [s.clinicId],
    );
    expect(again!.body).not.toContain('evil');
  });

  it('when DEMO=false and PUBLIC_URL is missing, then the server refuses to start with a message naming PUBLIC_URL', () => {
    expect(() => requireDeployable(loadConfig({ DEMO: 'false' }))).toThrow(ConfigError);
    expect(() => requireDeployable(loadConfig({ DEMO: 'false' }))).toThrow(/PUBLIC_URL/);
    expect(() => requireDeployable(loadConfig({ DEMO: 'false', PUBLIC_URL }))).not.toThrow();
    expect(() => requireDeployable(loadConfig({}))).not.toThrow();
  });
});
