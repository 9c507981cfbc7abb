// What patient phones and waiting-room displays may see: the queue without
// personal data. Built by whitelisting fields, so a field added to Entry later
// stays private until someone decides otherwise here.
import { z } from 'zod';
import { Day, DocId, EntryStatus, Millis, Priority, RankKey, type Doctor, type Entry, type Settings } from './schemas.ts';

export const PublicEntry = z.object({
  id: DocId,
  ticket: z.string(),
  day: Day,
  doctorId: DocId.nullable(),
  priority: Priority,
  status: EntryStatus,
  rank: RankKey,
  arrivedAt: Millis,
  calledAt: Millis.nullable(),
  startedAt: Millis.nullable(),
  endedAt: Millis.nullable(),
  /** "Running late" until then: a time, no personal data; the patient's own page shows it, the reception may clear it. */
  lateUntil: Millis.nullable(),
  updatedAt: Millis,
  _deleted: z.boolean(),
});
export type PublicEntry = z.infer<typeof PublicEntry>;

/** A doctor's break ("back at") and absence are public: the TV and the patient page say why a queue stands still. */
export type PublicDoctor = Pick<Doctor, 'id' | 'name' | 'room' | 'active' | 'pausedUntil' | 'absentDay'> & { _deleted: boolean };
export type PublicSettings = Pick<Settings, 'name' | 'timeZone' | 'languages' | 'defaultConsultationMinutes' | 'selfCheckIn' | 'display'>;

type Wire<T> = T & { _deleted: boolean };

export function toPublicEntry(e: Wire<Entry>): PublicEntry {
  return {
    id: e.id,
    ticket: e.ticket,
    day: e.day,
    doctorId: e.doctorId,
    priority: e.priority,
    status: e.status,
    rank: e.rank,
    arrivedAt: e.arrivedAt,
    calledAt: e.calledAt,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    lateUntil: e.lateUntil,
    updatedAt: e.updatedAt,
    _deleted: e._deleted,
  };
}

export function toPublicDoctor(d: Wire<Doctor>): PublicDoctor {
  return {
    id: d.id,
    name: d.name,
    room: d.room,
    active: d.active,
    pausedUntil: d.pausedUntil,
    absentDay: d.absentDay,
    _deleted: d._deleted,
  };
}

export function toPublicSettings(s: Settings): PublicSettings {
  return {
    name: s.name,
    timeZone: s.timeZone,
    languages: s.languages,
    defaultConsultationMinutes: s.defaultConsultationMinutes,
    selfCheckIn: s.selfCheckIn,
    display: s.display,
  };
}

/**
 * When the clinic's reception was last heard from (a reception stream open on
 * some instance), so a phone can tell a quiet queue from a clinic whose
 * internet is down. `live` is decided on the server's clock (a phone's may be
 * off by minutes); `seenAt` (epoch ms, null: never) says since when it is not.
 */
export interface ReceptionPresence {
  seenAt: number | null;
  live: boolean;
}

/** Frames of the public stream (`/api/queue/v1/stream`). */
export type PublicEvent =
  | {
      type: 'snapshot';
      entries: PublicEntry[];
      doctors: PublicDoctor[];
      settings: PublicSettings | null;
      /** null where nobody knows: the display on the reception's own machine is fed by the reception itself. */
      reception: ReceptionPresence | null;
      at: number;
    }
  | { type: 'entries'; documents: PublicEntry[] }
  | { type: 'doctors'; documents: PublicDoctor[] }
  | { type: 'settings'; settings: PublicSettings }
  /** Sent when the reception goes quiet or comes back. */
  | ({ type: 'reception' } & ReceptionPresence)
  | { type: 'auth'; reason: 'revoked' | 'expired' }
  | { type: 'bye' }
  /** The same ticket link or display opened more streams than the server keeps: this one, the oldest, is closed. */
  | { type: 'replaced' };
