// Owner reports, computed in SQL over the synced documents in one statement
// (never by loading visits into Node). The range is in clinic days
// (YYYY-MM-DD, the day the patient arrived, in the clinic's time zone).
import type { Queryable } from '../db/database.ts';

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

export const REPORT_SQL = `
WITH e AS (
  SELECT data ->> 'day' AS day, data ->> 'status' AS status, data ->> 'source' AS source, data ->> 'doctorId' AS doctor,
         (data ->> 'arrivedAt')::bigint AS arrived, (data ->> 'calledAt')::bigint AS called,
         (data ->> 'startedAt')::bigint AS started, (data ->> 'endedAt')::bigint AS ended
    FROM docs
   WHERE clinic_id = $1 AND collection = 'entries' AND data ->> 'day' BETWEEN $2 AND $3
     AND NOT (data ->> '_deleted')::boolean
),
per_day AS (
  SELECT day, count(*)::int AS total,
         count(*) FILTER (WHERE status = 'done')::int AS seen,
         count(*) FILTER (WHERE status = 'no_show')::int AS no_show,
         count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
         count(*) FILTER (WHERE source = 'self')::int AS self_checkin
    FROM e GROUP BY day
),
consult AS (
  SELECT doctor, (ended - coalesce(started, called)) / 60000.0 AS minutes
    FROM e WHERE status = 'done' AND ended IS NOT NULL AND coalesce(started, called) IS NOT NULL
)
SELECT
  (SELECT coalesce(json_agg(json_build_object('day', day, 'total', total, 'seen', seen, 'noShow', no_show,
            'cancelled', cancelled, 'selfCheckIn', self_checkin) ORDER BY day), '[]'::json) FROM per_day) AS per_day,
  (SELECT json_build_object('count', count(*),
            'medianMin', percentile_cont(0.5) WITHIN GROUP (ORDER BY (called - arrived) / 60000.0),
            'p90Min', percentile_cont(0.9) WITHIN GROUP (ORDER BY (called - arrived) / 60000.0))
     FROM e WHERE called IS NOT NULL) AS wait,
  (SELECT coalesce(json_agg(json_build_object('doctorId', doctor, 'count', n, 'medianMin', med, 'p90Min', p90) ORDER BY doctor NULLS LAST), '[]'::json)
     FROM (SELECT doctor, count(*)::int AS n,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS med,
                  percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90
             FROM consult GROUP BY doctor) c) AS consultation,
  (SELECT json_build_object('visits', count(*),
            'noShow', count(*) FILTER (WHERE status = 'no_show'),
            'cancelled', count(*) FILTER (WHERE status = 'cancelled'),
            'self', count(*) FILTER (WHERE source = 'self')) FROM e) AS totals,
  (SELECT coalesce(json_agg(json_build_object('weekday', wd, 'hour', h, 'visits', n) ORDER BY wd, h), '[]'::json)
     FROM (SELECT extract(isodow FROM to_timestamp(arrived / 1000.0) AT TIME ZONE $4)::int AS wd,
                  extract(hour FROM to_timestamp(arrived / 1000.0) AT TIME ZONE $4)::int AS h,
                  count(*)::int AS n
             FROM e GROUP BY 1, 2) b) AS busy
`;

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const spread = (s: { count: number; medianMin: number | null; p90Min: number | null }): Spread => ({
  count: Number(s.count),
  medianMin: round1(s.medianMin),
  p90Min: round1(s.p90Min),
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

/** The same figures as CSV sections, for a spreadsheet. No names, no phones: there are none in a report. */
export function reportCsv(r: Report, doctorNames: Map<string, string>): string {
  const lines = [
    `DoctorQ report,${r.from},${r.to},${r.timeZone}`,
    '',
    'day,visits,seen,no_show,cancelled,self_check_in',
    ...r.perDay.map((d) => [d.day, d.total, d.seen, d.noShow, d.cancelled, d.selfCheckIn].join(',')),
    '',
    'metric,count,median_minutes,p90_minutes',
    ['wait_arrival_to_call', r.wait.count, r.wait.medianMin ?? '', r.wait.p90Min ?? ''].join(','),
    ...r.consultation.map((c) =>
      [
        `consultation:${csvField(c.doctorId ? (doctorNames.get(c.doctorId) ?? c.doctorId) : 'unassigned')}`,
        c.count,
        c.medianMin ?? '',
        c.p90Min ?? '',
      ].join(','),
    ),
    '',
    'total_visits,no_show_rate,cancellation_rate,self_check_in_share',
    [r.totals.visits, r.totals.noShowRate, r.totals.cancellationRate, r.totals.selfCheckInShare].join(','),
    '',
    'iso_weekday,hour,visits',
    ...r.busyHours.map((b) => [b.weekday, b.hour, b.visits].join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(v: string): string {
  // Quote, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
