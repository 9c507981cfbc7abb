// Owner reports on a busy year: one clinic with 365 days × 80 visits, among
// other clinics with as much history each, so the plan must find the one
// clinic's days through the index. The report is one SQL statement over the
// synced documents, run as the owner route runs it (behind row-level security).
import type { Database } from '../server/db/database.ts';
import { withClinic } from '../server/db/tenant.ts';
import { clinicReport } from '../server/owner/reports.ts';
import { REPORT_SQL } from '../server/docs/reports.ts';
import { clinicDay } from '../shared/tickets.ts';
import { createClinic } from './support/clinic.ts';
import { summarize, type Summary } from './support/stats.ts';

export interface ReportsResult {
  visits: number;
  days: number;
  otherClinics: number;
  latency: Summary;
  plan: string[];
}

const TZ = 'Africa/Tunis';

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * A year of finished visits written in one statement (generating them in
 * Postgres takes a second; pushing 29,200 documents through the API would
 * dominate the run). Waits and consultations vary with the visit number.
 */
export const YEAR_SQL = `
INSERT INTO docs (clinic_id, collection, id, seq, data)
SELECT $1::uuid, 'entries', id, 0, jsonb_build_object(
  'id', id, 'clinicId', $1::text, 'day', day, 'ticket', 'A-' || lpad(v::text, 3, '0'), 'name', 'Bench patient', 'phone', NULL,
  'doctorId', 'doc-' || (v % 3 + 1), 'priority', 'normal',
  'status', CASE WHEN v % 14 = 0 THEN 'no_show' WHEN v % 25 = 0 THEN 'cancelled' ELSE 'done' END,
  'rank', 'a0', 'source', CASE WHEN v % 5 = 0 THEN 'self' ELSE 'reception' END,
  'arrivedAt', arrived, 'calledAt', arrived + (v * 7 % 60) * 60000, 'startedAt', arrived + (v * 7 % 60 + 1) * 60000,
  'endedAt', arrived + (v * 7 % 60 + 11 + v % 15) * 60000, 'updatedAt', arrived + 7200000, '_deleted', false)
FROM generate_series(1, $3::int) AS d, generate_series(1, $4::int) AS v,
LATERAL (SELECT to_char($2::date - d, 'YYYY-MM-DD') AS day, 'y' || d || '-' || v AS id,
                (extract(epoch FROM ($2::date - d)::timestamp + interval '7 hours') * 1000)::bigint + v * 360000 AS arrived) x`;

export async function runReports(
  db: Database,
  opts: { days: number; perDay: number; otherClinics: number; runs: number },
): Promise<ReportsResult> {
  const today = clinicDay(Date.now(), TZ);
  const clinic = await createClinic(db);
  for (let i = 0; i < opts.otherClinics; i++) await db.query(YEAR_SQL, [(await createClinic(db)).id, today, opts.days, opts.perDay]);
  await db.query(YEAR_SQL, [clinic.id, today, opts.days, opts.perDay]);
  await db.exec('ANALYZE docs');
  const from = addDays(today, -opts.days);
  const to = addDays(today, -1);
  const times: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    const r = await withClinic(db, clinic.id, (tx) => clinicReport(tx, clinic.id, from, to, TZ));
    times.push(performance.now() - t0);
    if (r.totals.visits !== opts.days * opts.perDay)
      throw new Error(`report counted ${r.totals.visits} visits, expected ${opts.days * opts.perDay}`);
  }
  const plan = await withClinic(db, clinic.id, (tx) =>
    tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${REPORT_SQL}`, [clinic.id, from, to, TZ]),
  );
  return {
    visits: opts.days * opts.perDay,
    days: opts.days,
    otherClinics: opts.otherClinics,
    latency: summarize(times),
    plan: plan
      .map((r) => r['QUERY PLAN'])
      .filter((l) => /Index|Scan on docs|Execution Time/.test(l))
      .map((l) => l.trim()),
  };
}
