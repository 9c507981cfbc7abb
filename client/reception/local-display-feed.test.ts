// The reception feeding a waiting-room screen on its own machine, against a
// real RxDB database (Dexie on fake-indexeddb) and Node's real BroadcastChannel:
// the screen gets the day's queue and its changes, never a name or a phone.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DOCTOR_DEFAULTS, SETTINGS_DEFAULTS } from '../../shared/doc-defaults.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { callNext } from '../../shared/queue.ts';
import { registerEntry } from '../../shared/register.ts';
import type { Doctor, Entry, Settings } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { type ClinicDb, openClinicDb } from '../db/database.ts';
import { localChannelName, type LocalMessage } from '../live/local-channel.ts';
import { LocalDisplayFeed } from './local-display-feed.ts';

const CLINIC = '0190a1b2-0000-7000-8000-000000000017';
const ZONE = 'Africa/Tunis';
const PATIENTS = [
  { name: 'Leila Mansour', phone: '+216 20 123 456' },
  { name: 'Hedi Gharbi', phone: '+216 98 765 432' },
];

let db: ClinicDb | null = null;
let feed: LocalDisplayFeed | null = null;
let screen: BroadcastChannel | null = null;
afterEach(async () => {
  feed?.stop();
  screen?.close();
  if (db && !db.closed) await db.remove();
  db = feed = screen = null;
});

async function reception(): Promise<{ db: ClinicDb; entries: Entry[] }> {
  db = await openClinicDb(`feed-${crypto.randomUUID()}`, getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }));
  const now = Date.now();
  const settings: Settings = {
    id: CLINIC,
    clinicId: CLINIC,
    name: 'Cabinet Amira',
    timeZone: ZONE,
    languages: ['ar', 'fr'],
    ticketPrefix: '',
    defaultConsultationMinutes: 15,
    selfCheckIn: true,
    display: 'tickets',
    retentionDays: 90,
    ...SETTINGS_DEFAULTS,
    updatedAt: now,
  };
  const doctor: Doctor = { id: 'doc-1', clinicId: CLINIC, name: 'Dr Amira', room: '3', active: true, ...DOCTOR_DEFAULTS, updatedAt: now };
  const entries: Entry[] = [];
  for (const p of PATIENTS) {
    const id = uuidv7(now, crypto.getRandomValues(new Uint8Array(10)));
    const e = registerEntry(
      entries,
      { id, clinicId: CLINIC, ...p, doctorId: null, priority: 'normal', source: 'reception', series: 'A', day: clinicDay(now, ZONE) },
      now,
    );
    entries.push(e);
  }
  await Promise.all([db.settings.insert(settings), db.doctors.insert(doctor), db.entries.bulkInsert(entries)]);
  feed = new LocalDisplayFeed(db, CLINIC);
  return { db, entries };
}

/** A screen's end of the channel: what it received, in order. */
function openScreen(): LocalMessage[] {
  const got: LocalMessage[] = [];
  screen = new BroadcastChannel(localChannelName(CLINIC));
  screen.onmessage = (ev: MessageEvent<LocalMessage>) => got.push(ev.data);
  return got;
}

const until = async (cond: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the local screen feed', () => {
  it('when no screen is watching, then the reception posts nothing, even as the queue changes', async () => {
    const { db, entries } = await reception();
    const got = openScreen();
    await db.entries.bulkUpsert(callNext(entries, 'doc-1', Date.now()));
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([]);
  });

  it("when a screen says hello, then it gets the day's queue through the public projection, then each change, and never a name or a phone", async () => {
    const { db, entries } = await reception();
    const got = openScreen();
    screen!.postMessage({ type: 'hello' } satisfies LocalMessage);
    await until(() => got.some((m) => m.type === 'snapshot'));
    const snap = got.find((m) => m.type === 'snapshot')!;
    expect(snap).toMatchObject({
      settings: { name: 'Cabinet Amira', languages: ['ar', 'fr'] },
      doctors: [{ id: 'doc-1', name: 'Dr Amira', room: '3' }],
      reception: null,
    });
    expect(snap.type === 'snapshot' && snap.entries.map((e) => e.ticket).sort()).toEqual(entries.map((e) => e.ticket).sort());

    const called = callNext(entries, 'doc-1', Date.now());
    await db.entries.bulkUpsert(called);
    await until(() => got.some((m) => m.type === 'entries'));
    expect(got.find((m) => m.type === 'entries')).toMatchObject({
      documents: [{ id: called[0]!.id, status: 'called', doctorId: 'doc-1', _deleted: false }],
    });

    const wire = JSON.stringify(got);
    for (const p of PATIENTS) for (const secret of [p.name, p.phone]) expect(wire).not.toContain(secret);
    expect(Object.keys(snap.type === 'snapshot' ? snap.entries[0]! : {})).not.toContain('name');
  });
});
