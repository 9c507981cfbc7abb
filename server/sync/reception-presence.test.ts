// The public projection's "reception last heard from" (issue 17), over real
// streams: a phone is told when the clinic's reception goes quiet and when it
// comes back, also when the phone and the reception are on different instances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinic, eventually, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { openSse, type Captured } from '../../testkit/sse.ts';
import { signTicketToken } from '../../shared/capability.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { ReceptionPresence } from '../../shared/projection.ts';
import type { RunningServer } from '../main.ts';

/** The shortest the configuration allows, so the test waits seconds, not a minute. */
const SILENT_SECONDS = 2;

let db: Awaited<ReturnType<typeof openTestDb>>;
let a: RunningServer;
let b: RunningServer;
beforeAll(async () => {
  db = await openTestDb();
  // Two instances on one database, as behind a load balancer.
  a = await startTestServer(db, { RECEPTION_SILENT_SECONDS: String(SILENT_SECONDS) });
  b = await startTestServer(db, { RECEPTION_SILENT_SECONDS: String(SILENT_SECONDS) });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await db.dispose();
});

async function clinicWithTablet(base: string) {
  const clinic = await createClinic(db);
  const grant = await login(base, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
  const key = new TextEncoder().encode(grant.device!.capabilityKey!);
  const ticket = await signTicketToken(
    { clinicId: clinic.id, entryId: crypto.randomUUID(), day: clinicDay(Date.now(), 'Africa/Tunis'), timeZone: 'Africa/Tunis' },
    grant.device!.id,
    key,
  );
  return { clinic, grant, ticket };
}

/** The presence a phone holds after the frames it received: the snapshot's, then each `reception` frame's. */
function presenceOf(s: Captured): ReceptionPresence | null | undefined {
  let p: ReceptionPresence | null | undefined;
  for (const f of s.frames) {
    if (f.type === 'snapshot') p = f.reception as ReceptionPresence | null;
    if (f.type === 'reception') p = { seenAt: f.seenAt as number | null, live: f.live as boolean };
  }
  return p;
}

const seenAtInDb = async (clinicId: string) =>
  (await db.query<{ at: Date | null }>('SELECT reception_seen_at AS at FROM clinics WHERE id = $1', [clinicId]))[0]!.at;

describe('the reception, as the public projection reports it', () => {
  it('when the reception opens its stream, then phones hear it is live; when it closes, they hear within the silence and a tick that it is not, with when it was last heard', async () => {
    const { clinic, grant, ticket } = await clinicWithTablet(a.url);
    const phone = await openSse(`${a.url}/api/queue/v1/stream`, ticket);
    await eventually(() => expect(presenceOf(phone)).toEqual({ seenAt: null, live: false }));

    const tablet = await openSse(`${a.url}/api/sync/v1/stream`, grant.accessToken);
    await eventually(() => expect(presenceOf(phone)?.live).toBe(true), 3_000);
    expect(await seenAtInDb(clinic.id)).not.toBeNull();

    tablet.close();
    const closedAt = Date.now();
    await eventually(() => expect(presenceOf(phone)?.live).toBe(false), (SILENT_SECONDS + 2) * 1000);
    const quiet = presenceOf(phone)!;
    console.log(`reception reported quiet ${Date.now() - closedAt} ms after its stream closed`);
    expect(quiet.seenAt).toBeGreaterThan(closedAt - SILENT_SECONDS * 1000);
    expect(quiet.seenAt).toBeLessThanOrEqual(Date.now());

    // A phone that opens now is told in its snapshot.
    const late = await openSse(`${a.url}/api/queue/v1/stream`, ticket);
    await eventually(() => expect(presenceOf(late)).toMatchObject({ live: false, seenAt: quiet.seenAt }));

    // Back: the phones hear it at once, without waiting for a tick.
    const again = await openSse(`${a.url}/api/sync/v1/stream`, grant.accessToken);
    await eventually(() => expect([presenceOf(phone)?.live, presenceOf(late)?.live]).toEqual([true, true]), 1_000);
    for (const s of [phone, late, again]) s.close();
  });

  it('when the reception streams through one instance and the phone through another, then the phone hears of it through the database', async () => {
    const { grant, ticket } = await clinicWithTablet(a.url);
    const phone = await openSse(`${b.url}/api/queue/v1/stream`, ticket);
    await eventually(() => expect(presenceOf(phone)?.live).toBe(false));
    const tablet = await openSse(`${a.url}/api/sync/v1/stream`, grant.accessToken);
    await eventually(() => expect(presenceOf(phone)?.live).toBe(true), (SILENT_SECONDS + 1) * 1000);
    tablet.close();
    await eventually(() => expect(presenceOf(phone)?.live).toBe(false), (SILENT_SECONDS + 2) * 1000);
    // Only transitions travel: heartbeats aside, the phone got one frame each way.
    expect(phone.frames.filter((f) => f.type === 'reception').map((f) => f.live)).toEqual([true, false]);
    phone.close();
  });
});
