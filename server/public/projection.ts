// The public stream: the clinic's queue of the day for patient phones and
// waiting-room displays, with no names or phone numbers.
import type { Database, Queryable } from '../db/database.ts';
import type { StreamEvent } from '../../shared/protocol.ts';
import { type Doctor, type Entry, type Settings, usableTimeZone } from '../../shared/schemas.ts';
import { toPublicDoctor, toPublicEntry, toPublicSettings, type PublicEvent } from '../../shared/projection.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { PUBLIC_STREAM_NAME, sharedEncoder, type Frame, type StreamKind } from '../sync/streams.ts';
import type { ReceptionPresences } from '../sync/reception-presence.ts';
import { entriesOfDay, readClinicSetup } from '../docs/reads.ts';

type Wire<T> = T & { _deleted: boolean };

export async function clinicToday(db: Queryable, clinicId: string, now = Date.now()) {
  const { settings, doctors } = await readClinicSetup(db, clinicId);
  const timeZone = usableTimeZone(settings?.timeZone);
  const day = clinicDay(now, timeZone);
  // No settings: no such clinic, or a closed one (readClinicSetup), whose queue no page shows.
  const entries = settings ? await entriesOfDay(db, clinicId, day) : [];
  return { settings, doctors, day, timeZone, entries };
}

// The hub hands the same event objects to every stream of a clinic: project once.
const projected = new WeakMap<StreamEvent, Frame[]>();

function project(e: StreamEvent): Frame[] {
  // The clinic's subscription status is staff business; a resync means nothing to a snapshot.
  if (e.type !== 'changes') return e.type === 'resync' || e.type === 'clinic' ? [] : [e];
  let out = projected.get(e);
  if (!out) {
    const frame: PublicEvent =
      e.collection === 'entries'
        ? { type: 'entries', documents: (e.documents as Wire<Entry>[]).map(toPublicEntry) }
        : e.collection === 'doctors'
          ? { type: 'doctors', documents: (e.documents as Wire<Doctor>[]).map(toPublicDoctor) }
          : { type: 'settings', settings: toPublicSettings(e.documents.at(-1) as Wire<Settings>) };
    out = [frame];
    projected.set(e, out);
  }
  return out;
}

export function publicStream(db: Database, presence: ReceptionPresences): StreamKind {
  return {
    name: PUBLIC_STREAM_NAME,
    async first(clinicId) {
      const [t, reception] = await Promise.all([clinicToday(db, clinicId), presence.of(clinicId)]);
      const snapshot: PublicEvent = {
        type: 'snapshot',
        entries: t.entries.map(toPublicEntry),
        doctors: t.doctors.map(toPublicDoctor),
        settings: t.settings ? toPublicSettings(t.settings) : null,
        reception,
        at: Date.now(),
      };
      return [snapshot];
    },
    encode: sharedEncoder((events) => events.flatMap(project)),
  };
}
