// The bookings of a range of days, read reactively from the tablet's own
// database (the day index): offline as online, every write and every pulled
// change re-renders the views.
import { useMemo } from 'preact/hooks';
import { map } from 'rxjs';
import type { Appointment } from '../../../shared/schemas.ts';
import { useObservable } from '../../ui/useObservable.ts';
import { type AppointmentCollection, dayBookingsQuery } from './actions.ts';

const NONE: readonly Appointment[] = [];

export function useBookings(col: AppointmentCollection, from: string, to: string): readonly Appointment[] {
  const bookings$ = useMemo(
    () => dayBookingsQuery(col, from, to).$.pipe(map((docs) => docs.map((d) => d.toJSON() as Appointment))),
    [col, from, to],
  );
  return useObservable(bookings$, NONE);
}
