// The queue as a patient phone or a display knows it: the last snapshot with
// the changes since, kept in memory and in localStorage so a reload with no
// network still shows the last known state (marked with its age).
import type { PublicDoctor, PublicEntry, PublicEvent, PublicSettings, ReceptionPresence } from '../../shared/projection.ts';

export interface QueueState {
  entries: Record<string, PublicEntry>;
  doctors: Record<string, PublicDoctor>;
  settings: PublicSettings | null;
  /** When the server was last heard from (epoch ms): the state is at least this fresh. */
  heardAt: number;
  /** Whether the clinic's reception is heard from (null: unknown); when it is not, the queue may be behind. */
  reception: ReceptionPresence | null;
}

const FORMAT = 1;

export const emptyQueue = (): QueueState => ({ entries: {}, doctors: {}, settings: null, heardAt: 0, reception: null });

const byId = <T extends { id: string }>(docs: readonly T[]): Record<string, T> => {
  const out: Record<string, T> = {};
  for (const d of docs) out[d.id] = d;
  return out;
};

/** Frames arrive in commit order, so a later copy of a document replaces an earlier one. */
export function applyFrame(s: QueueState, f: PublicEvent, now: number): QueueState {
  switch (f.type) {
    case 'snapshot':
      return { entries: byId(f.entries), doctors: byId(f.doctors), settings: f.settings, heardAt: now, reception: f.reception };
    case 'entries':
      return { ...s, entries: { ...s.entries, ...byId(f.documents) }, heardAt: now };
    case 'doctors':
      return { ...s, doctors: { ...s.doctors, ...byId(f.documents) }, heardAt: now };
    case 'settings':
      return { ...s, settings: f.settings, heardAt: now };
    case 'reception':
      return { ...s, reception: { seenAt: f.seenAt, live: f.live }, heardAt: now };
    default:
      return s;
  }
}

/** The reception is known to be quiet: what is shown may be behind what happens at the clinic. */
export const receptionQuiet = (s: QueueState): boolean => s.reception?.live === false;

/** The day's live entries (deleted ones are gone from the queue; the patient page looks its own up separately). */
export function entriesOf(s: QueueState, day: string | null): PublicEntry[] {
  return Object.values(s.entries).filter((e) => !e._deleted && (day === null || e.day === day));
}

export function activeDoctors(s: QueueState): PublicDoctor[] {
  return Object.values(s.doctors).filter((d) => d.active && !d._deleted);
}

export function saveQueue(key: string, s: QueueState): void {
  try {
    localStorage.setItem(key, JSON.stringify({ v: FORMAT, ...s }));
  } catch (err) {
    // Full or disabled storage: the live view still works, only a reload offline loses it.
    console.warn('could not save the queue', err);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A missing, older or damaged copy reads as nothing saved, never as a crash. */
export function loadQueue(key: string): QueueState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
  if (!isRecord(raw) || raw.v !== FORMAT || !isRecord(raw.entries) || !isRecord(raw.doctors) || typeof raw.heardAt !== 'number')
    return null;
  return {
    entries: raw.entries as QueueState['entries'],
    doctors: raw.doctors as QueueState['doctors'],
    settings: isRecord(raw.settings) ? (raw.settings as unknown as PublicSettings) : null,
    heardAt: raw.heardAt,
    reception: isRecord(raw.reception) && typeof raw.reception.live === 'boolean' ? (raw.reception as unknown as ReceptionPresence) : null,
  };
}
