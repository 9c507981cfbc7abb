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
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
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
  }>(REPORT_SQL, [clinicId, from, to, timeZone]);
  const r = row!;
  const visits = Number(r.totals.visits);
  const rate = (n: number) => (visits === 0 ? 0 : Math.round((n / visits) * 1000) / 1000);
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
  };
}

type Cell = string | number | null;

/**
 * The same figures as CSV sections, for a spreadsheet. No names, no phones: there are none in a report.
 * Quoting is csv-stringify's (a doctor named `Dr X,=1+2` was split into live formula cells); every text
 * cell is neutralised, numbers are ours.
 */
export function reportCsv(r: Report, doctorNames: Map<string, string>): string {
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
  ];
  return stringify(rows, { record_delimiter: '\r\n', cast: { string: neutralised } });
}
