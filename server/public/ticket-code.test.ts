// The printed ticket's short code, typed instead of scanning: over real HTTP, against the real database.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { readTicketToken } from '../../shared/capability.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { clinicCode, formatCode, ticketCode } from '../../shared/ticket-code.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const LOOKUP = '/api/tickets/v1/lookup';
const today = () => clinicDay(Date.now(), 'Africa/Tunis');

/** A clinic with a reception tablet that registered one patient and printed their code. */
async function printedTicket(day = today()) {
  const clinic = await createClinic(db);
  const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
  const entry: Entry = { ...walkIn([], clinic.id, 'Leila Mansour', { series: grant.device!.series }), day };
  const pushed = await api(server.url, '/api/sync/v1/entries/push', {
    token: grant.accessToken,
    body: [{ newDocumentState: wire(entry) }],
  });
  expect(pushed.status).toBe(200);
  const key = grant.device!.capabilityKey!;
  const code = await ticketCode(async (m) => createHmac('sha256', key).update(m).digest(), clinic.id, entry.id);
  return { clinic, grant, entry, code, typed: { clinic: clinicCode(clinic.id), ticket: entry.ticket, code: formatCode(code) } };
}

describe('POST /api/tickets/v1/lookup', () => {
  it("when a patient types the clinic code, ticket number and code printed by the tablet, then they get that entry's ticket link", async () => {
    const { clinic, entry, typed } = await printedTicket();
    // As a patient types it: lower case, no dash in the ticket, an O for a zero.
    const r = await api(server.url, LOOKUP, {
      body: {
        clinic: typed.clinic.toLowerCase(),
        ticket: entry.ticket.replace('-', '').toLowerCase(),
        code: typed.code.replace(/0/g, 'O'),
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ entryId: entry.id, ticket: entry.ticket, path: `/patient.html#t=${r.body.token}` });
    expect(readTicketToken(r.body.token)).toMatchObject({ cid: clinic.id, eid: entry.id });
    // The link it answers is one the server accepts: the patient's stream opens with it.
    const stream = await fetch(`${server.url}/api/queue/v1/stream`, { headers: { authorization: `Bearer ${r.body.token}` } });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
  });

  it('when the code, the number or the clinic is wrong, then one and the same 404, whichever was the miss', async () => {
    const a = await printedTicket();
    const b = await printedTicket();
    const wrongCode = a.code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    const misses = [
      { ...a.typed, code: wrongCode },
      { ...a.typed, ticket: a.entry.ticket.replace(/\d+$/, '999') },
      { ...a.typed, clinic: 'ffffffff' },
      // Another clinic's ticket with the same number: its code is not this clinic's.
      { ...b.typed, code: a.typed.code },
    ];
    const bodies = new Set<string>();
    for (const body of misses) {
      const r = await api(server.url, LOOKUP, { body });
      expect(r.status).toBe(404);
      bodies.add(JSON.stringify(r.body));
    }
    expect([...bodies]).toEqual([
      JSON.stringify({ error: { code: 'not_found', message: 'no ticket today with this clinic, number and code' } }),
    ]);
  });

  it("when the ticket was another day's, then it is not found: a code opens its day's ticket only", async () => {
    const { typed } = await printedTicket('2020-01-01');
    expect((await api(server.url, LOOKUP, { body: typed })).status).toBe(404);
  });

  it('when a field cannot be what the ticket prints, then 400 invalid_body, naming the field', async () => {
    const { typed } = await printedTicket();
    const r = await api(server.url, LOOKUP, { body: { ...typed, code: 'ABC' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_body');
    expect(r.body.error.issues[0].path).toEqual(['code']);
    expect((await api(server.url, LOOKUP, { body: { clinic: typed.clinic } })).status).toBe(400);
  });
});

describe('guessing codes', () => {
  it('when one address tries more codes than the limit in a minute, then 429 rate_limited, as JSON', async () => {
    const limited = await startTestServer(db, { CHECKIN_RATE_LIMIT_PER_IP: '3', RATE_LIMIT_NAMESPACE: `code-${Date.now()}` });
    try {
      const { typed } = await printedTicket();
      const statuses: number[] = [];
      let last: unknown = null;
      for (let i = 0; i < 4; i++) {
        const r = await api(limited.url, LOOKUP, { body: { ...typed, code: `ZZZZZ${i}` } });
        statuses.push(r.status);
        last = r.body;
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
      expect(last).toMatchObject({ error: { code: 'rate_limited' } });
    } finally {
      await limited.close();
    }
  });

  it('when many addresses try codes at one clinic, then the clinic limit stops them all', async () => {
    const limited = await startTestServer(db, {
      CHECKIN_RATE_LIMIT_PER_CLINIC: '2',
      RATE_LIMIT_NAMESPACE: `code-clinic-${Date.now()}`,
      TRUST_PROXY: 'loopback',
    });
    try {
      const { typed } = await printedTicket();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await api(limited.url, LOOKUP, {
          body: { ...typed, code: `ZZZZZ${i}` },
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        statuses.push(r.status);
      }
      expect(statuses).toEqual([404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});
