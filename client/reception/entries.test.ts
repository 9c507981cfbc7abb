// The reception's actions on the day in memory, against a real RxDB database
// (Dexie storage on fake-indexeddb): shown at once, written in order, reverted
// when the write fails.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { waitingQueue } from '../../shared/queue.ts';
import type { Entry } from '../../shared/schemas.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { registerEntry } from '../../shared/register.ts';
import { type ClinicDb, openClinicDb } from '../db/database.ts';
import { EntryActions, dayQuery } from './entries.ts';

const CLINIC = '0190a1b2-0000-7000-8000-000000000001';
const DAY = '2026-11-28';

let db: ClinicDb | null = null;
afterEach(async () => {
  if (db && !db.closed) await db.remove();
  db = null;
});

async function desk(n: number): Promise<{ db: ClinicDb; actions: EntryActions; queued: Entry[] }> {
  db = await openClinicDb(`reception-${crypto.randomUUID()}`, getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }));
  const queued = queueOf(n);
  await db.entries.bulkInsert(queued);
  const actions = new EntryActions(db.entries, { clinicId: CLINIC, series: 'A' }, () => DAY);
  await actions.liveDay(DAY).ready;
  return { db, actions, queued };
}

function walkIn(existing: readonly Entry[], name: string, day = DAY): Entry {
  const now = Date.now();
  const id = uuidv7(now, crypto.getRandomValues(new Uint8Array(10)));
  const p = { id, clinicId: CLINIC, name, phone: null, doctorId: null, priority: 'normal', source: 'reception', series: 'A', day } as const;
  return registerEntry(existing, p, now);
}

function queueOf(n: number): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) out.push(walkIn(out, `Patient ${i}`));
  return out;
}

const tickets = (entries: readonly Entry[]) => waitingQueue(entries).map((e) => e.ticket);

async function storedTickets(db: ClinicDb): Promise<string[]> {
  return tickets((await dayQuery(db.entries, DAY).exec()).map((d) => d.toJSON() as Entry));
}

describe('the day in memory', () => {
  it('when a tap is written, then the screen is told once: the write coming back and the layer settling show the same objects', async () => {
    const { actions, queued } = await desk(5);
    const live = actions.liveDay(DAY);
    let renders = 0;
    live.subscribe(() => renders++);
    const done = actions.moveUp(queued[4]!.id, null);
    const shown = live.get(queued[4]!.id);
    await done;
    expect(renders).toBe(1);
    expect(live.get(queued[4]!.id)).toBe(shown);
    expect(tickets(live.entries())).toEqual(['A-001', 'A-002', 'A-003', 'A-005', 'A-004']);
  });

  it('when the receptionist taps move up twice quickly, then each tap shows before any write, and the patient is stored two places up', async () => {
    const { db, actions, queued } = await desk(5);
    const live = actions.liveDay(DAY);
    const last = queued[4]!;
    let settled = 0;
    const first = actions.moveUp(last.id, null).then(() => settled++);
    expect(tickets(live.entries())).toEqual(['A-001', 'A-002', 'A-003', 'A-005', 'A-004']);
    const second = actions.moveUp(last.id, null).then(() => settled++);
    expect(tickets(live.entries())).toEqual(['A-001', 'A-002', 'A-005', 'A-003', 'A-004']);
    expect(settled).toBe(0);
    await Promise.all([first, second]);
    expect(await storedTickets(db)).toEqual(['A-001', 'A-002', 'A-005', 'A-003', 'A-004']);
    expect(tickets(live.entries())).toEqual(['A-001', 'A-002', 'A-005', 'A-003', 'A-004']);
  });

  it('when call next is tapped twice quickly, then two patients are called one after another, the first one ended', async () => {
    const { db, actions } = await desk(3);
    const live = actions.liveDay(DAY);
    const taps = [actions.callNext(null), actions.callNext(null)];
    const shown = (entries: readonly Entry[]) => Object.fromEntries(entries.map((e) => [e.ticket, e.status]));
    expect(shown(live.entries())).toEqual({ 'A-001': 'done', 'A-002': 'called', 'A-003': 'waiting' });
    await Promise.all(taps);
    const stored = (await dayQuery(db.entries, DAY).exec()).map((d) => d.toJSON() as Entry);
    expect(shown(stored)).toEqual({ 'A-001': 'done', 'A-002': 'called', 'A-003': 'waiting' });
  });

  it('when another device changes, removes or adds an entry, then only that entry changes in memory; the others keep their object', async () => {
    const { db, actions, queued } = await desk(4);
    const live = actions.liveDay(DAY);
    const before = new Map(live.entries().map((e) => [e.id, e]));
    let renders = 0;
    live.subscribe(() => renders++);

    await db.entries.findOne(queued[1]!.id).incrementalPatch({ priority: 'urgent', updatedAt: Date.now() });
    await db.entries
      .findOne(queued[2]!.id)
      .exec()
      .then((d) => d!.remove());
    const added = walkIn(queued, 'Walk-in');
    await db.entries.insert(added);
    await db.entries.insert(walkIn(queued, 'Tomorrow', '2026-11-29'));

    const after = new Map(live.entries().map((e) => [e.id, e]));
    expect(after.get(queued[0]!.id)).toBe(before.get(queued[0]!.id));
    expect(after.get(queued[3]!.id)).toBe(before.get(queued[3]!.id));
    expect(after.get(queued[1]!.id)?.priority).toBe('urgent');
    expect(after.has(queued[2]!.id)).toBe(false);
    expect(after.get(added.id)?.name).toBe('Walk-in');
    expect(after.size).toBe(4);
    expect(renders).toBe(3);
  });

  it('when the write fails (the database was closed), then the action rejects and the screen goes back to what is stored', async () => {
    const { db, actions, queued } = await desk(3);
    const live = actions.liveDay(DAY);
    await db.close();
    const tap = actions.moveUp(queued[2]!.id, null);
    expect(tickets(live.entries())).toEqual(['A-001', 'A-003', 'A-002']);
    await expect(tap).rejects.toThrow();
    expect(tickets(live.entries())).toEqual(['A-001', 'A-002', 'A-003']);
  });

  it('when a registration is refused by the schema, then nothing is shown or written and the action rejects', async () => {
    const { db, actions } = await desk(1);
    const live = actions.liveDay(DAY);
    await expect(actions.register({ name: '', phone: null, doctorId: null, priority: 'normal' }, crypto.randomUUID())).rejects.toThrow();
    expect(live.entries()).toHaveLength(1);
    expect(await db.entries.count().exec()).toBe(1);
  });
});

describe("overriding a patient's own actions", () => {
  it('when the receptionist clears a "running late", then it is stored cleared and the patient keeps their place', async () => {
    const db = await openClinicDb(`reception-${crypto.randomUUID()}`, getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }));
    const queued = queueOf(3);
    queued[0] = { ...queued[0]!, lateUntil: Date.now() + 600_000 };
    await db.entries.bulkInsert(queued);
    const actions = new EntryActions(db.entries, { clinicId: CLINIC, series: 'A' }, () => DAY);
    await actions.liveDay(DAY).ready;
    await actions.clearLate(queued[0].id);
    expect((await db.entries.findOne(queued[0].id).exec())!.lateUntil).toBeNull();
    expect(await storedTickets(db)).toEqual(['A-001', 'A-002', 'A-003']);
    await db.remove();
  });

  it('when an expected patient is marked arrived, then they join at the end of the queue', async () => {
    const { db, actions, queued } = await desk(2);
    const expected = { ...walkIn(queued, 'From Afar'), status: 'expected' as const, rank: '0' };
    await db.entries.insert(expected);
    expect(await storedTickets(db)).toEqual(['A-001', 'A-002']);
    await actions.markArrived(expected.id);
    expect(await storedTickets(db)).toEqual(['A-001', 'A-002', 'A-003']);
  });
});
