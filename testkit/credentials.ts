// Every kind of bad credential an attacker or a broken client can present.
import { SignJWT } from 'jose';
import type { Database } from '../server/db/database.ts';
import { api, createClinic, login, type TestClinic } from './harness.ts';
import { signTicketToken } from '../shared/capability.ts';
import { clinicDay } from '../shared/tickets.ts';
import type { Grant } from '../server/auth/sessions.ts';

export interface Victim {
  clinic: TestClinic;
  owner: Grant;
  tablet: Grant;
}

export async function victimClinic(db: Database, url: string): Promise<Victim> {
  const clinic = await createClinic(db);
  return {
    clinic,
    owner: await login(url, clinic.emails.owner),
    tablet: await login(url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' }),
  };
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** name → token (undefined = no Authorization header). */
export async function badCredentials(db: Database, url: string, victim: Victim): Promise<Record<string, string | undefined>> {
  const other = await createClinic(db);
  const otherOwner = await login(url, other.emails.owner);
  const [row] = await db.query<{ value: string }>(`SELECT value FROM server_secrets WHERE name = 'jwt'`);
  const key = new TextEncoder().encode(row!.value);
  const claims = JSON.parse(Buffer.from(victim.owner.accessToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const resign = (aud: string, exp: number) =>
    new SignJWT({ cid: claims.cid, role: claims.role, sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(claims.sub))
      .setIssuer('doctorq')
      .setAudience(aud)
      .setExpirationTime(exp)
      .sign(key);
  const revoked = await login(url, victim.clinic.emails.owner);
  await api(url, '/api/auth/logout', { body: { refreshToken: revoked.refreshToken } });
  const [h, p, s] = victim.owner.accessToken.split('.') as [string, string, string];
  const ticket = await signTicketToken(
    { clinicId: victim.clinic.id, entryId: 'e1', day: clinicDay(Date.now(), 'Africa/Tunis'), timeZone: 'Africa/Tunis' },
    victim.tablet.device!.id,
    new TextEncoder().encode(victim.tablet.device!.capabilityKey!),
  );
  return {
    'no token': undefined,
    'another clinic': otherOwner.accessToken,
    'patient ticket link': ticket,
    expired: await resign('doctorq:staff', Math.floor(Date.now() / 1000) - 60),
    revoked: revoked.accessToken,
    'signature tampered': `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`,
    'claims tampered': `${h}.${b64({ ...claims, role: 'owner', cid: other.id })}.${s}`,
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
    'wrong audience': await resign('doctorq:patient', Math.floor(Date.now() / 1000) + 600),
    garbage: 'not-a-jwt',
  };
}

/** Everything a request could change in one clinic, in one row. */
export async function clinicFingerprint(db: Database, clinicId: string) {
  const [r] = await db.query<Record<string, number>>(
    `SELECT (SELECT seq FROM clinics WHERE id = $1) AS seq, (SELECT count(*)::int FROM audit_log WHERE clinic_id = $1) AS audit,
            (SELECT count(*)::int FROM devices WHERE clinic_id = $1 AND revoked_at IS NULL) AS devices,
            (SELECT count(*)::int FROM sessions WHERE clinic_id = $1 AND revoked_at IS NULL) AS sessions,
            (SELECT count(*)::int FROM memberships WHERE clinic_id = $1) AS members`,
    [clinicId],
  );
  return r;
}
