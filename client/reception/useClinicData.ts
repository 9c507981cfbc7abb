// Reactive reads of the clinic's documents. Doctors and settings are RxDB
// queries whose results update after every write; the day's entries come from
// the day in memory (live-day.ts), which the actions update first.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { map } from 'rxjs';
import type { ClinicDb } from '../db/database.ts';
import type { Doctor, Entry, Settings } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { useObservable } from '../ui/useObservable.ts';
import type { LiveDay } from './live-day.ts';

/** Until the clinic's settings first sync, tickets follow the first market's clock. */
export const DEFAULT_TIME_ZONE = 'Africa/Tunis';
const MINUTE = 60_000;
const NO_DOCTORS: Doctor[] = [];

/** A misconfigured zone must not stop the reception: fall back rather than throw. */
export function clinicToday(now: number, timeZone: string): string {
  try {
    return clinicDay(now, timeZone);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return clinicDay(now, DEFAULT_TIME_ZONE);
  }
}

/** The time, updated on each minute boundary: waiting times and the day roll over with it. */
export function useMinuteClock(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, MINUTE - (Date.now() % MINUTE));
    };
    timer = setTimeout(tick, MINUTE - (Date.now() % MINUTE));
    return () => clearTimeout(timer);
  }, []);
  return now;
}

export function useSettings(db: ClinicDb, clinicId: string): Settings | null {
  const settings$ = useMemo(() => db.settings.findOne(clinicId).$.pipe(map((d) => (d ? (d.toJSON() as Settings) : null))), [db, clinicId]);
  return useObservable(settings$, null);
}

/** Every doctor, inactive ones too: a past entry still names its doctor. */
export function useDoctors(db: ClinicDb): Doctor[] {
  const doctors$ = useMemo(
    () =>
      db.doctors
        .find()
        .$.pipe(
          map((docs) =>
            docs
              .map((d) => d.toJSON() as Doctor)
              .sort((a, b) => a.room.localeCompare(b.room, undefined, { numeric: true }) || a.name.localeCompare(b.name)),
          ),
        ),
    [db],
  );
  return useObservable(doctors$, NO_DOCTORS);
}

/** The day's entries as shown; re-renders on each change, in the same task as the action or event that made it. */
export function useDayEntries(live: LiveDay): readonly Entry[] {
  const [entries, setEntries] = useState(() => live.entries());
  useEffect(() => {
    setEntries(live.entries());
    return live.subscribe(() => setEntries(live.entries()));
  }, [live]);
  return entries;
}
