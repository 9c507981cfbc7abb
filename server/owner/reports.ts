// Owner reports, computed in SQL over the synced documents in one statement
// (never by loading visits into Node). The range is in clinic days
// (YYYY-MM-DD, the day the patient arrived, in the clinic's time zone).
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { Day } from '../../shared/schemas.ts';
import type { Queryable } from '../db/database.ts';
import { REPORT_SQL } from '../docs/reports.ts';
import { neutralised } from '../../shared/spreadsheet.ts';

const MAX_RANGE_DAYS = 400;

/** A report's `?from=&to=`: one clinic's, or every branch's (branch-routes.ts). */
export const ReportRange = z
  .object({ from: Day, to: Day })
  .refine((r) => r.from <= r.to, 'from must not be after to')
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 <= MAX_RANGE_DAYS, `at most ${MAX_RANGE_DAYS} days`);

export interface DayFigures {
  day: string;
  total: number;
  seen: number;
  noShow: number;
  cancelled: number;
  selfCheckIn: number;
}
export interface Spread {
  count: number;
  medianMin: number | null;
  p90Min: number | null;
  /** Means add up across branches, weighted by count (shared/branches.ts); medians do not. */
  meanMin: number | null;
}
export interface Report {
  from: string;
  to: string;
  timeZone: string;
  perDay: DayFigures[];
  /** Arrival to call. */
  wait: Spread;
  /** Start (or call, when never started) to end, per doctor; null doctor = unassigned. */
  consultation: (Spread & { doctorId: string | null })[];
  totals: { visits: number; noShowRate: number; cancellationRate: number; selfCheckInShare: number };
  /** ISO weekday 1 (Monday)…7 × hour 0…23 of arrival, clinic time. */
  busyHours: { weekday: number; hour: number; visits: number }[];
  appointments: AppointmentFigures;
}

/** Bookings of the period beside the walk-ins (a moved booking counts once, as the one that replaced it). */
export interface AppointmentFigures {
  /** Visits that came from a booking, and walk-ins. */
  visitsBooked: number;
  visitsWalkIn: number;
  bookings: number;
  online: number;
  arrived: number;
  noShow: number;
  cancelled: number;
  /** Of the booked patients who came or did not: the share who did not (0 with none). */
  noShowRate: number;
  /** Arrival minus slot start, minutes (negative: early), over the booked patients who arrived. */
  punctuality: { count: number; medianMin: number | null; withinWindowShare: number };
}

interface AppointmentRow {
  visitsBooked: number;
  visitsWalkIn: number;
  bookings: number;
  online: number;
  arrived: number;
  noShow: number;
  cancelled: number;
  punctualityCount: number;
  punctualityMedianMin: number | null;
  punctualityWithin: number;
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
/** A share rounded to 0.1 %; 0 of nothing is 0. */
const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 1000);

function appointmentFigures(a: AppointmentRow): AppointmentFigures {
  const n = (k: keyof AppointmentRow) => Number(a[k] ?? 0);
  return {
    visitsBooked: n('visitsBooked'),
    visitsWalkIn: n('visitsWalkIn'),
    bookings: n('bookings'),
    online: n('online'),
    arrived: n('arrived'),
    noShow: n('noShow'),
    cancelled: n('cancelled'),
    noShowRate: share(n('noShow'), n('arrived') + n('noShow')),
    punctuality: {
      count: n('punctualityCount'),
      medianMin: round1(a.punctualityMedianMin),
      withinWindowShare: share(n('punctualityWithin'), n('punctualityCount')),
    },
  };
}
const spread = (s: Spread): Spread => ({
  count: Number(s.count),
  medianMin: round1(s.medianMin),
  p90Min: round1(s.p90Min),
  meanMin: round1(s.meanMin === null ? null : Number(s.meanMin)),
});

export async function clinicReport(db: Queryable, clinicId: string, from: string, to: string, timeZone: string): Promise<Report> {
  const [row] = await db.query<{
    per_day: DayFigures[];
    wait: Spread;
    consultation: (Spread & { doctorId: string | null })[];
    totals: { visits: number; noShow: number; cancelled: number; self: number };
    busy: Report['busyHours'];
    appointments: AppointmentRow;
  }>(REPORT_SQL, [clinicId, from, to, timeZone]);
  const r = row!;
  const visits = Number(r.totals.visits);
  const rate = (n: number) => share(n, visits);
  return {
    from,
    to,
    timeZone,
    perDay: r.per_day,
    wait: spread(r.wait),
    consultation: r.consultation.map((c) => ({ doctorId: c.doctorId, ...spread(c) })),
    totals: {
      visits,
      noShowRate: rate(r.totals.noShow),
      cancellationRate: rate(r.totals.cancelled),
      selfCheckInShare: rate(r.totals.self),
    },
    busyHours: r.busy,
    appointments: appointmentFigures(r.appointments),
  };
}

type Cell = string | number | null;

/**
 * The same figures as CSV sections, for a spreadsheet. No names, no phones: there are none in a report.
 * Quoting is csv-stringify's (a doctor named `Dr X,=1+2` was split into live formula cells); every text
 * cell is neutralised, numbers are ours.
 */
export function reportCsv(r: Report, doctorNames: Map<string, string>): string {
  const a = r.appointments;
  const rows: Cell[][] = [
    ['DoctorQ report', r.from, r.to, r.timeZone],
    [],
    ['day', 'visits', 'seen', 'no_show', 'cancelled', 'self_check_in'],
    ...r.perDay.map((d) => [d.day, d.total, d.seen, d.noShow, d.cancelled, d.selfCheckIn]),
    [],
    ['metric', 'count', 'median_minutes', 'p90_minutes'],
    ['wait_arrival_to_call', r.wait.count, r.wait.medianMin, r.wait.p90Min],
    ...r.consultation.map((c) => [
      `consultation:${c.doctorId ? (doctorNames.get(c.doctorId) ?? c.doctorId) : 'unassigned'}`,
      c.count,
      c.medianMin,
      c.p90Min,
    ]),
    [],
    ['total_visits', 'no_show_rate', 'cancellation_rate', 'self_check_in_share'],
    [r.totals.visits, r.totals.noShowRate, r.totals.cancellationRate, r.totals.selfCheckInShare],
    [],
    ['iso_weekday', 'hour', 'visits'],
    ...r.busyHours.map((b) => [b.weekday, b.hour, b.visits]),
    [],
    ['booked_visits', 'walk_in_visits', 'bookings', 'online', 'arrived', 'no_show', 'cancelled', 'no_show_rate'],
    [a.visitsBooked, a.visitsWalkIn, a.bookings, a.online, a.arrived, a.noShow, a.cancelled, a.noShowRate],
    [],
    ['punctuality_count', 'punctuality_median_minutes', 'punctuality_within_window_share'],
    [a.punctuality.count, a.punctuality.medianMin, a.punctuality.withinWindowShare],
  ];
  return stringify(rows, { record_delimiter: '\r\n', cast: { string: neutralised } });
}
