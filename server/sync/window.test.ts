// The tablet's bounded window (shared/window.ts) end to end: real RxDB tablets
// on fake-indexeddb replicating through the real server from a clinic with
// history. A new tablet receives the window only; an old one purges what left
// it while the server keeps every visit unchanged; nothing inside is skipped.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addHistory,
  api,
  createClinic,
  eventually,
  login,
  openTestDb,
  pushDocs,
  startTestServer,
  type TestClinic,
} from '../../testkit/harness.ts';
import { startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { HISTORY_ZONE, dayBefore, dayOfVisits, pastVisits } from '../../testkit/history.ts';
import { walkIn } from '../../testkit/entries.ts';
import type { RunningServer } from '../main.ts';
import type { Appointment, Entry } from '../../shared/schemas.ts';
import { PURGE_CLOCK_GRACE_MS, appointmentInWindow, entryInWindow, windowBounds } from '../../shared/window.ts';
import { addDays } from '../../shared/day.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { zonedTime } from '../../shared/time.ts';
import { dayOfBookings } from '../../testkit/appointments.ts';
import { listDocs } from '../docs/reads.ts';

const TZ = HISTORY_ZONE;
const DAY_MS = 86_400_000;

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
const tablets: TestTablet[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterEach(async () => {
  await Promise.all(tablets.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

/**
 * A clinic a month old: 30 past days of finished visits, yesterday's and today's
 * (some still open), one patient left waiting 10 days ago. The history is
 * written in several runs between the recent visits, so sequence numbers interleave.
 */
async function clinicWithHistory(now = Date.now()): Promise<TestClinic> {
  const clinic = await createClinic(db);
  const old = pastVisits(clinic.id, { now, timeZone: TZ, days: 30, perDay: 20, fromBack: 2 });
  const recent = [...dayOfVisits(clinic.id, dayBefore(now, TZ, 1), 20, TZ), ...dayOfVisits(clinic.id, dayBefore(now, TZ, 0), 20, TZ)];
  for (const e of recent.slice(-5)) Object.assign(e, { status: 'waiting', calledAt: null, startedAt: null, endedAt: null });
  const stillWaiting = { ...old[200]!, status: 'waiting' as const, calledAt: null, startedAt: null, endedAt: null };
  old[200] = stillWaiting;
  for (let i = 0; i < 4; i++) {
    await addHistory(db, clinic.id, old.slice((i * old.length) / 4, ((i + 1) * old.length) / 4));
    await addHistory(db, clinic.id, recent.slice(i * 10, (i + 1) * 10));
  }
  return clinic;
}

/** Ids of the visits the server counts inside the window at `now`. */
async function serverWindow(clinicId: string, now = Date.now()): Promise<string[]> {
  const b = windowBounds(now, TZ, 1);
  return (await listDocs<Entry>(db, clinicId, 'entries', { withDeleted: true }))
    .filter((e) => entryInWindow(e, b))
    .map((e) => e.id)
    .sort();
}

async function tablet(clinic: TestClinic, opts: { pullBatchSize?: number; clock?: () => number } = {}) {
  const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: `desk ${tablets.length}` });
  const t = await startTablet(server.url, grant, opts);
  tablets.push(t);
  await t.sync.awaitInSync();
  return { t, grant };
}

const idsOn = async (t: TestTablet) => (await t.db.entries.find().exec()).map((d) => d.id).sort();

describe('a new tablet', () => {
  it('when the clinic has a month of history, then the tablet receives the window only: open visits, today, yesterday', async () => {
    const clinic = await clinicWithHistory();
    const all = await listDocs<Entry>(db, clinic.id, 'entries');
    const inside = await serverWindow(clinic.id);
    expect(all.length).toBe(640);
    // 40 recent visits and the patient left waiting 10 days ago.
    expect(inside.length).toBe(41);

    const { t } = await tablet(clinic, { pullBatchSize: 7 });
    expect(await idsOn(t)).toEqual(inside);
    expect(await t.db.doctors.count().exec()).toBe(2);
    expect(await t.db.settings.count().exec()).toBe(1);
  });

  it('when visits inside the window are written while the tablet pulls in small batches among history rows, then it receives every one of them', async () => {
    const clinic = await clinicWithHistory();
    const now = Date.now();
    const writing = (async () => {
      for (let i = 0; i < 10; i++) {
        await addHistory(db, clinic.id, dayOfVisits(clinic.id, dayBefore(now, TZ, 40 + i), 15, TZ));
        await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: { ...walkIn([], clinic.id, `Arrived ${i}`), _deleted: false } }]);
      }
    })();
    const { t } = await tablet(clinic, { pullBatchSize: 5 });
    await writing;
    const inside = await serverWindow(clinic.id);
    expect(inside.length).toBe(51);
    await eventually(async () => expect(await idsOn(t)).toEqual(inside));
  });

  it('when the pull is asked directly, then it answers the clinic’s window and a tablet cannot widen it', async () => {
    const clinic = await clinicWithHistory();
    const { accessToken } = await login(server.url, clinic.emails.receptionist);
    const r = await api<{ documents: Entry[]; window: { pastDays: number } }>(
      server.url,
      '/api/sync/v1/entries/pull?seq=0&limit=1000&pastDays=365&fromDay=2000-01-01',
      { token: accessToken },
    );
    expect(r.status).toBe(200);
    expect(r.body.window).toEqual({ pastDays: 1 });
    expect(r.body.documents.map((d) => d.id).sort()).toEqual(await serverWindow(clinic.id));
  });
});

describe('an old tablet', () => {
  it('when days pass, then the visits that left the window are purged from the tablet, not from the server, and come back when reopened', async () => {
    const clinic = await clinicWithHistory();
    let clock = Date.now();
    const { t } = await tablet(clinic, { clock: () => clock });
    const before = await db.query<{ id: string; seq: number; data: Entry }>(
      `SELECT id, seq, data FROM docs WHERE clinic_id = $1 AND collection = 'entries' ORDER BY id`,
      [clinic.id],
    );
    const held = await idsOn(t);
    expect(held.length).toBe(41);

    // Three days later on the tablet's clock: yesterday's and today's finished visits are out; open ones stay.
    clock += 3 * DAY_MS;
    const removed = await t.sync.window.run();
    const open = (await t.db.entries.find().exec()).map((d) => d.toJSON());
    expect(removed).toBe(35);
    expect(open.map((e) => e.status).every((s) => s === 'waiting')).toBe(true);
    expect(open.length).toBe(6);

    // The deletions never reached the server: every row is as it was.
    await t.sync.awaitInSync();
    expect(
      await db.query(`SELECT id, seq, data FROM docs WHERE clinic_id = $1 AND collection = 'entries' ORDER BY id`, [clinic.id]),
    ).toEqual(before);

    // The next pass clears RxDB's bookkeeping of them: the replication's copies and, once in step, the tombstones.
    await t.sync.window.run();
    const meta = t.sync.replications.entries.metaInstance!;
    const gone = held.filter((id) => !open.some((e) => e.id === id));
    await eventually(async () => {
      expect(
        await meta.findDocumentsById(
          gone.map((id) => `${id}|0`),
          true,
        ),
      ).toEqual([]);
      expect(await t.db.entries.storageInstance.findDocumentsById(gone, true)).toEqual([]);
    });

    // A purged visit reopened elsewhere changes on the server: it is inside again and comes back.
    const reopened = before.find((r) => r.id === gone[0])!.data;
    await pushDocs(db, clinic.id, 'entries', [
      {
        assumedMasterState: { ...reopened, _deleted: false },
        newDocumentState: { ...reopened, status: 'waiting', endedAt: null, updatedAt: clock, _deleted: false },
      },
    ]);
    await eventually(async () => expect((await t.db.entries.findOne(reopened.id).exec())?.status).toBe('waiting'));
  });

  it('when the clinic keeps fewer past days, then its tablets drop the days it no longer keeps at their next pull', async () => {
    const clinic = await clinicWithHistory();
    await db.query('UPDATE clinics SET local_past_days = 7 WHERE id = $1', [clinic.id]);
    const { t } = await tablet(clinic);
    // Yesterday, today and days 2 to 7 back (20 a day), and the patient waiting for 10 days.
    expect((await idsOn(t)).length).toBe(161);
    await db.query('UPDATE clinics SET local_past_days = 1 WHERE id = $1', [clinic.id]);
    t.sync.replications.entries.reSync();
    // The tablet purges with the window of a moment earlier (its clock may run ahead): the same days but just after midnight.
    await eventually(async () => expect(await idsOn(t)).toEqual(await serverWindow(clinic.id, Date.now() - PURGE_CLOCK_GRACE_MS)));
    expect(await listDocs(db, clinic.id, 'entries')).toHaveLength(640);
  });

  it('when a visit left the window with a change the server has not confirmed, then it stays until the server has it', async () => {
    const clinic = await clinicWithHistory();
    let clock = Date.now();
    const { t } = await tablet(clinic, { clock: () => clock });
    const stuck = (await t.db.entries.find({ selector: { status: 'waiting' } }).exec())[0]!;
    // The change waits on the tablet: the pending count holds it until the server confirms.
    await t.sync.replications.entries.pause();
    await stuck.incrementalPatch({ status: 'done', endedAt: stuck.arrivedAt + 1, updatedAt: stuck.arrivedAt + 1 });
    clock += 40 * DAY_MS;
    await t.sync.window.run();
    expect(await t.db.entries.findOne(stuck.id).exec()).not.toBeNull();
    await t.sync.replications.entries.start();
    await t.sync.awaitInSync();
    await eventually(async () => {
      await t.sync.window.run();
      expect(await t.db.entries.findOne(stuck.id).exec()).toBeNull();
    });
    const [row] = await listDocs<Entry>(db, clinic.id, 'entries').then((all) => all.filter((e) => e.id === stuck.id));
    expect(row).toMatchObject({ status: 'done', _deleted: false });
  });
});

describe('appointments', () => {
  /** 20 past days of bookings (3 a doctor a day), yesterday's, today's and 10 days to come, written in interleaved runs. */
  async function clinicWithDiary(now = Date.now()): Promise<TestClinic> {
    const clinic = await createClinic(db);
    const today = clinicDay(now, TZ);
    const day = (offset: number) => dayOfBookings(clinic.id, ['doc-1', 'doc-2'], addDays(today, offset), 3, { now, timeZone: TZ });
    for (let i = -21; i <= 10; i++)
      await pushDocs(
        db,
        clinic.id,
        'appointments',
        day(i).map((a) => ({ newDocumentState: { ...a, _deleted: false } })),
      );
    return clinic;
  }

  async function serverDiary(clinicId: string, now = Date.now()): Promise<string[]> {
    const b = windowBounds(now, TZ, 1);
    return (await listDocs<Appointment>(db, clinicId, 'appointments', { withDeleted: true }))
      .filter((a) => appointmentInWindow(a, b))
      .map((a) => a.id)
      .sort();
  }
  const bookingsOn = async (t: TestTablet) => (await t.db.appointments.find().exec()).map((d) => d.id).sort();

  it('when a tablet starts, then it receives yesterday’s, today’s and every future booking, none of the older days', async () => {
    const clinic = await clinicWithDiary();
    const inside = await serverDiary(clinic.id);
    // Yesterday, today and 10 days ahead: 12 days of 6 bookings.
    expect(inside.length).toBe(72);
    const { t } = await tablet(clinic, { pullBatchSize: 5 });
    expect(await bookingsOn(t)).toEqual(inside);
  });

  it('when bookings are written while the tablet pulls in small batches among old ones, then it receives every one inside the window', async () => {
    const clinic = await clinicWithDiary();
    const now = Date.now();
    const writing = (async () => {
      for (let i = 0; i < 8; i++) {
        const old = dayOfBookings(clinic.id, ['doc-1', 'doc-2'], dayBefore(now, TZ, 30 + i), 4, { now, timeZone: TZ });
        const coming = dayOfBookings(clinic.id, ['doc-1'], addDays(clinicDay(now, TZ), 20 + i), 1, { now, timeZone: TZ });
        await pushDocs(
          db,
          clinic.id,
          'appointments',
          [...old, ...coming].map((a) => ({ newDocumentState: { ...a, _deleted: false } })),
        );
      }
    })();
    const { t } = await tablet(clinic, { pullBatchSize: 3 });
    await writing;
    const inside = await serverDiary(clinic.id);
    expect(inside.length).toBe(80);
    await eventually(async () => expect(await bookingsOn(t)).toEqual(inside));
  });

  it('when days pass, then the old days’ bookings leave the tablet, not the server; future ones stay; RxDB forgets them', async () => {
    const clinic = await clinicWithDiary();
    // Noon of today: the purge allows the clock two hours' grace, which just after midnight reaches back a day.
    let clock = zonedTime(clinicDay(Date.now(), TZ), 12, 0, TZ);
    const { t } = await tablet(clinic, { clock: () => clock });
    const before = await db.query(`SELECT id, seq, data FROM docs WHERE clinic_id = $1 AND collection = 'appointments' ORDER BY id`, [
      clinic.id,
    ]);
    const held = await bookingsOn(t);

    // Three days later: yesterday, today and the next day are over; the window now starts two days from the old today.
    clock += 3 * DAY_MS;
    const removed = await t.sync.window.run();
    expect(removed).toBe(18);
    const fromDay = windowBounds(clock - PURGE_CLOCK_GRACE_MS, TZ, 1).fromDay;
    const kept = (await t.db.appointments.find().exec()).map((d) => d.toJSON());
    expect(kept.length).toBe(54);
    expect(kept.every((a) => a.day >= fromDay)).toBe(true);

    await t.sync.awaitInSync();
    expect(
      await db.query(`SELECT id, seq, data FROM docs WHERE clinic_id = $1 AND collection = 'appointments' ORDER BY id`, [clinic.id]),
    ).toEqual(before);

    await t.sync.window.run();
    const gone = held.filter((id) => !kept.some((a) => a.id === id));
    const meta = t.sync.replications.appointments.metaInstance!;
    await eventually(async () => {
      expect(
        await meta.findDocumentsById(
          gone.map((id) => `${id}|0`),
          true,
        ),
      ).toEqual([]);
      expect(await t.db.appointments.storageInstance.findDocumentsById(gone, true)).toEqual([]);
    });
  });
});
