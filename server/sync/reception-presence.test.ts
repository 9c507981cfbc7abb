// The public projection's "reception last heard from" (issue 17), over real
// HTTP and real streams: a phone is told when the clinic's reception goes
// quiet and when it comes back, also when the phone and the reception are on
// different instances, and an open stream alone does not count as heard (a
// silently dead uplink leaves the server's socket open).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, eventually, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { openSse, type Captured } from '../../testkit/sse.ts';
import { signTicketToken } from '../../shared/capability.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { ReceptionPresence } from '../../shared/projection.ts';
import { SYNC_ALIVE_PATH } from '../../shared/paths.ts';
import type { RunningServer } from '../main.ts';
import { startAlivePings } from '../../testkit/rx-client.ts';

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

/** The reception's ping, as client/reception/alive.ts sends it. */
const ping = (base: string, token: string) => api<{ nextInMs: number }>(base, SYNC_ALIVE_PATH, { token, body: {} });

describe('the reception, as the public projection reports it', () => {
  it('when the reception pings, then phones hear at once it is live; when its pings stop, they hear within the silence and a tick that it is not, even with its stream still open', async () => {
    const { clinic, grant, ticket } = await clinicWithTablet(a.url);
    const phone = await openSse(`${a.url}/api/queue/v1/stream`, ticket);
    await eventually(() => expect(presenceOf(phone)).toEqual({ seenAt: null, live: false }));

    const answer = await ping(a.url, grant.accessToken);
    expect(answer.body).toEqual({ nextInMs: Math.round((SILENT_SECONDS * 1000) / 3) });
    await eventually(() => expect(presenceOf(phone)?.live).toBe(true), 1_000);
    expect(await seenAtInDb(clinic.id)).not.toBeNull();

    // The stream stays open, as a dead uplink leaves it on the server; only the pings stop.
    const tablet = await openSse(`${a.url}/api/sync/v1/stream`, grant.accessToken);
    const lastPing = Date.now();
    await eventually(() => expect(presenceOf(phone)?.live).toBe(false), (SILENT_SECONDS + 2) * 1000);
    const quiet = presenceOf(phone)!;
    console.log(`reception reported quiet ${Date.now() - lastPing} ms after its last ping`);
    expect(quiet.seenAt).toBeGreaterThan(lastPing - SILENT_SECONDS * 1000);
    expect(quiet.seenAt).toBeLessThanOrEqual(Date.now());

    // A phone that opens now is told in its snapshot.
    const late = await openSse(`${a.url}/api/queue/v1/stream`, ticket);
    await eventually(() => expect(presenceOf(late)).toMatchObject({ live: false, seenAt: quiet.seenAt }));

    // Back: the phones hear it at once, without waiting for a tick.
    await ping(a.url, grant.accessToken);
    await eventually(() => expect([presenceOf(phone)?.live, presenceOf(late)?.live]).toEqual([true, true]), 1_000);
    for (const s of [phone, late, tablet]) s.close();
  });

  it('when the reception pings one instance and the phone streams from another, then the phone hears of it through the database, one frame each way', async () => {
    const { grant, ticket } = await clinicWithTablet(a.url);
    const phone = await openSse(`${b.url}/api/queue/v1/stream`, ticket);
    await eventually(() => expect(presenceOf(phone)?.live).toBe(false));
    const pacer = setInterval(() => void ping(a.url, grant.accessToken), Math.round((SILENT_SECONDS * 1000) / 3));
    await ping(a.url, grant.accessToken);
    try {
      await eventually(() => expect(presenceOf(phone)?.live).toBe(true), SILENT_SECONDS * 1000);
      // Pinging at its pace, the reception stays live for longer than the silence.
      await new Promise((r) => setTimeout(r, SILENT_SECONDS * 1500));
      expect(presenceOf(phone)?.live).toBe(true);
    } finally {
      clearInterval(pacer);
    }
    await eventually(() => expect(presenceOf(phone)?.live).toBe(false), (SILENT_SECONDS + 2) * 1000);
    expect(phone.frames.filter((f) => f.type === 'reception').map((f) => f.live)).toEqual([true, false]);
    phone.close();
  });

  it("when the tablet's pinger runs (client/reception/alive.ts), then it pings at the pace the server asks and the clinic stays live; stopped, the clinic goes quiet", async () => {
    const { grant, ticket } = await clinicWithTablet(a.url);
    // The pinger listens for the browser's "online": a plain event target stands in for the page.
    const g = globalThis as unknown as { window?: EventTarget };
    const had = g.window;
    g.window = new EventTarget();
    let pings = 0;
    const counting = ((url: string, init: RequestInit) => {
      pings++;
      return fetch(url, init);
    }) as typeof fetch;
    const phone = await openSse(`${b.url}/api/queue/v1/stream`, ticket);
    const stop = startAlivePings({ accessToken: async () => grant.accessToken, refresh: async () => null }, a.url, counting);
    try {
      await eventually(() => expect(presenceOf(phone)?.live).toBe(true), SILENT_SECONDS * 1000);
      const from = pings;
      await new Promise((r) => setTimeout(r, SILENT_SECONDS * 1000));
      // Three pings per silence.
      expect(pings - from).toBeGreaterThanOrEqual(2);
      expect(pings - from).toBeLessThanOrEqual(4);
      expect(presenceOf(phone)?.live).toBe(true);
    } finally {
      stop();
      g.window = had;
    }
    await eventually(() => expect(presenceOf(phone)?.live).toBe(false), (SILENT_SECONDS + 2) * 1000);
    phone.close();
  });

  it("when the check-in form loads, then its data says whether the reception is heard from, as the phones' snapshot does", async () => {
    const { clinic, grant } = await clinicWithTablet(a.url);
    const form = async () => (await api(b.url, `/api/checkin/v1/${clinic.id}`)).body.reception as ReceptionPresence;
    expect(await form()).toEqual({ seenAt: null, live: false });
    await ping(a.url, grant.accessToken);
    await eventually(async () => expect((await form()).live).toBe(true), (SILENT_SECONDS + 1) * 1000);
  });

  it('when a display or nobody pings, then it is refused and the clinic stays quiet', async () => {
    const { clinic, ticket } = await clinicWithTablet(a.url);
    const display = await login(a.url, clinic.emails.receptionist, { kind: 'display', name: 'hall' });
    expect((await ping(a.url, display.accessToken)).status).toBe(403);
    expect((await api(a.url, SYNC_ALIVE_PATH, { body: {} })).status).toBe(401);
    const phone = await openSse(`${a.url}/api/queue/v1/stream`, ticket);
    await eventually(() => expect(presenceOf(phone)).toEqual({ seenAt: null, live: false }));
    phone.close();
  });
});
