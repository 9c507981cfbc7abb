// What the patient's screen says, derived from the public queue with the same
// shared functions the reception uses, so the phone and the tablet agree on
// the position.
import type { PublicEntry } from '../../shared/projection.ts';
import type { EntryStatus } from '../../shared/schemas.ts';
import { positionOf } from '../../shared/queue.ts';
import { waitFor, waitMinutes } from '../../shared/eta.ts';
import { doctorState, pausesOf, seesPatients } from '../../shared/doctor-status.ts';
import { activeDoctors, type QueueState } from '../live/queue-state.ts';

/** Until the clinic's settings arrive, the default the clinics start with. */
const FALLBACK_CONSULTATION_MINUTES = 15;

export type PatientStatus = EntryStatus | 'unknown';

export interface PatientView {
  /** `unknown`: the link is valid but the entry has not reached the server yet (a tablet still offline). */
  status: PatientStatus;
  ticket: string | null;
  position: number | null;
  ahead: number | null;
  /** Minutes, rounded outwards; null when not waiting. */
  wait: { low: number; high: number } | null;
  doctorName: string | null;
  /** The assigned doctor's room ('' when the clinic did not name it). */
  room: string | null;
  /** The assigned doctor is on a break until `until`, or absent today (`until` null); null: working. */
  away: { until: number | null } | null;
  clinicName: string | null;
  /** "Running late" until then (epoch ms), as the reception sees it; null when not late or cleared. */
  lateUntil: number | null;
}

export function patientView(s: QueueState, entryId: string, now: number): PatientView {
  const own = s.entries[entryId];
  const doctor = own?.doctorId ? s.doctors[own.doctorId] : undefined;
  const state = doctor && own ? doctorState(doctor, own.day, now) : null;
  const base: PatientView = {
    status: 'unknown',
    ticket: own?.ticket ?? null,
    position: null,
    ahead: null,
    wait: null,
    doctorName: doctor?.name ?? null,
    room: doctor ? doctor.room : null,
    away: state?.kind === 'paused' ? { until: state.until } : state?.kind === 'absent' ? { until: null } : null,
    clinicName: s.settings?.name ?? null,
    // A copy saved before the field existed has none.
    lateUntil: own?.lateUntil ?? null,
  };
  if (!own) return base;
  // A ticket removed at the reception reads as cancelled: the patient must not keep waiting for it.
  if (own._deleted) return { ...base, status: 'cancelled' };
  if (own.status !== 'waiting') return { ...base, status: own.status };

  const day: PublicEntry[] = Object.values(s.entries).filter((e) => !e._deleted && e.day === own.day);
  const place = positionOf(day, entryId);
  if (!place) return { ...base, status: 'waiting' };
  // The whole pool is simulated: an unassigned patient goes to whichever doctor frees first;
  // a doctor absent today is out of it, one on a break starts again when back.
  const doctors = activeDoctors(s).filter((d) => seesPatients(d, own.day));
  const eta = waitFor(
    {
      entries: day,
      activeDoctorIds: doctors.map((d) => d.id).sort(),
      defaultMinutes: s.settings?.defaultConsultationMinutes ?? FALLBACK_CONSULTATION_MINUTES,
      pausedMs: pausesOf(doctors, own.day, now),
      now,
    },
    entryId,
  );
  const wait = eta && waitMinutes(eta);
  return { ...base, status: 'waiting', position: place.position, ahead: place.ahead, wait };
}
