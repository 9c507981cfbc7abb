// The owner report's statement over a clinic's entries: one statement,
// computed in SQL (never by loading visits into Node). server/owner/reports.ts
// shapes the result. Parameters: clinic id, first day, last day (YYYY-MM-DD,
// clinic days), time zone.
export const REPORT_SQL = `
WITH e AS (
  SELECT id, data ->> 'appointmentId' AS appointment, data ->> 'day' AS day, data ->> 'status' AS status, data ->> 'source' AS source, data ->> 'doctorId' AS doctor,
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
         count(*) FILTER (WHERE source = 'self')::int AS self_checkin,
         count(*) FILTER (WHERE appointment IS NOT NULL)::int AS booked
    FROM e GROUP BY day
),
-- Bookings of the period; a moved one is counted once, as the booking that replaced it.
a AS (
  SELECT data ->> 'status' AS status, data ->> 'source' AS source, (data ->> 'start')::bigint AS start, data ->> 'entryId' AS entry
    FROM docs
   WHERE clinic_id = $1 AND collection = 'appointments' AND data ->> 'day' BETWEEN $2 AND $3
     AND NOT (data ->> '_deleted')::boolean AND data ->> 'status' <> 'rescheduled'
),
-- How early (negative) or late each booked patient came: their visit's arrival minus the slot's start.
punctual AS (
  SELECT (e.arrived - a.start) / 60000.0 AS minutes FROM a JOIN e ON e.id = a.entry WHERE a.status = 'arrived' AND e.arrived IS NOT NULL
),
booking_rules AS (
  SELECT (data #>> '{booking,earlyMinutes}')::int AS early, (data #>> '{booking,lateMinutes}')::int AS late
    FROM docs WHERE clinic_id = $1 AND collection = 'settings'
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
            'p90Min', percentile_cont(0.9) WITHIN GROUP (ORDER BY (called - arrived) / 60000.0),
            'meanMin', avg((called - arrived) / 60000.0))
     FROM e WHERE called IS NOT NULL) AS wait,
  (SELECT coalesce(json_agg(json_build_object('doctorId', doctor, 'count', n, 'medianMin', med, 'p90Min', p90, 'meanMin', mean) ORDER BY doctor NULLS LAST), '[]'::json)
     FROM (SELECT doctor, count(*)::int AS n,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS med,
                  percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90,
                  avg(minutes) AS mean
             FROM consult GROUP BY doctor) c) AS consultation,
  (SELECT json_build_object('visits', coalesce(sum(total), 0),
            'noShow', coalesce(sum(no_show), 0),
            'cancelled', coalesce(sum(cancelled), 0),
            'self', coalesce(sum(self_checkin), 0)) FROM per_day) AS totals,
  (SELECT coalesce(json_agg(json_build_object('weekday', wd, 'hour', h, 'visits', n) ORDER BY wd, h), '[]'::json)
     FROM (SELECT date_part('isodow', t)::int AS wd, date_part('hour', t)::int AS h, count(*)::int AS n
             FROM (SELECT to_timestamp(arrived / 1000.0::float8) AT TIME ZONE $4 AS t FROM e) local_arrival
            GROUP BY 1, 2) b) AS busy,
  (SELECT json_build_object(
            'visitsBooked', (SELECT coalesce(sum(booked), 0) FROM per_day),
            'visitsWalkIn', (SELECT coalesce(sum(total - booked), 0) FROM per_day),
            'bookings', count(*),
            'online', count(*) FILTER (WHERE source = 'online'),
            'arrived', count(*) FILTER (WHERE status = 'arrived'),
            'noShow', count(*) FILTER (WHERE status = 'no_show'),
            'cancelled', count(*) FILTER (WHERE status = 'cancelled'),
            'punctualityCount', (SELECT count(*) FROM punctual),
            'punctualityMedianMin', (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) FROM punctual),
            'punctualityWithin', (SELECT count(*) FROM punctual, booking_rules r WHERE minutes BETWEEN -r.early AND r.late))
     FROM a) AS appointments
`;
