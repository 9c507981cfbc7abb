// Running DoctorQ as a service at 10 → 100 → 1,000 clinics: what the usage
// metering job costs as the clinics grow (all stale, a tenth changed, none
// changed), and what the operator portal's list, search and clinic page cost
// over that many clinics, through a real server.
import { randomUUID } from 'node:crypto';
import type { Database } from '../server/db/database.ts';
import { TokenKeys } from '../server/auth/tokens.ts';
import { OperatorTokens } from '../server/operator/tokens.ts';
import { addOperator, openOperatorSession } from '../server/operator/accounts.ts';
import { meterUsage } from '../server/billing/usage.ts';
import { clinicDay } from '../shared/tickets.ts';
import { createClinic } from './support/clinic.ts';
import { summarize, type Summary } from './support/stats.ts';
import type { Target } from './support/target.ts';
import { YEAR_SQL } from './reports.ts';

export interface SaasOptions {
  clinics: number;
  days: number;
  perDay: number;
  runs: number;
}

export interface MeterCell {
  what: string;
  clinicsComputed: number;
  jobRuns: number;
  ms: number;
}
export interface SaasResult {
  clinics: number;
  documents: number;
  metering: MeterCell[];
  list: Summary;
  search: Summary;
  detail: Summary;
}

/** Every metering run until nothing is left to compute, as the job would over several intervals. */
async function meterUntilDone(db: Database, what: string): Promise<MeterCell> {
  const t0 = performance.now();
  let computed = 0;
  let runs = 0;
  for (;;) {
    runs++;
    const n = (await meterUsage(db)).done;
    computed += n;
    if (n === 0) break;
  }
  return { what, clinicsComputed: computed, jobRuns: runs, ms: performance.now() - t0 };
}

async function timed(runs: number, fn: () => Promise<void>): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

/** The server starts after the metering is measured: its own metering job would otherwise take turns with the measured one. */
export async function runSaas(
  db: Database,
  startServer: () => Promise<Target>,
  jwtSecret: string,
  opts: SaasOptions,
  log: (l: string) => void,
): Promise<SaasResult> {
  const today = clinicDay(Date.now(), 'Africa/Tunis');
  const ids: string[] = [];
  for (let i = 0; i < opts.clinics; i++) {
    const c = await createClinic(db);
    await db.query(YEAR_SQL, [c.id, today, opts.days, opts.perDay]);
    ids.push(c.id);
  }
  // One owner per clinic (the operator searches by owner email), in one statement.
  await db.query(
    `WITH o AS (SELECT c.id AS clinic_id, gen_random_uuid() AS user_id FROM clinics c WHERE c.id = ANY($1::uuid[])),
          u AS (INSERT INTO users (id, email, name, password_hash, email_verified_at)
                SELECT user_id, 'owner-' || left(clinic_id::text, 8) || '@bench.tn', 'Owner', 'x', now() FROM o RETURNING id)
     INSERT INTO memberships (clinic_id, user_id, role) SELECT clinic_id, user_id, 'owner' FROM o`,
    [ids],
  );
  // The documents' sequence numbers were written as 0: give each clinic one, so metering sees them as changed.
  await db.query('UPDATE clinics SET seq = 1 WHERE id = ANY($1::uuid[])', [ids]);
  await db.exec('ANALYZE');
  const [{ n: documents }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM docs')) as [{ n: number }];
  log(`  ${opts.clinics} clinics, ${documents} documents in the database`);

  const metering: MeterCell[] = [];
  metering.push(await meterUntilDone(db, 'first run: every clinic to compute'));
  const changed = ids.filter((_, i) => i % 10 === 0);
  await db.query('UPDATE clinics SET seq = seq + 1 WHERE id = ANY($1::uuid[])', [changed]);
  metering.push(await meterUntilDone(db, 'a tenth of the clinics changed'));
  metering.push(await meterUntilDone(db, 'nothing changed'));
  for (const m of metering) log(`  metering, ${m.what}: ${m.clinicsComputed} clinics in ${m.jobRuns} job runs, ${m.ms.toFixed(0)} ms`);

  const op = await addOperator(db, {
    email: `bench-${randomUUID().slice(0, 8)}@doctorq.tn`,
    name: 'Bench Ops',
    password: 'bench operator password',
  });
  const tokens = new OperatorTokens(await TokenKeys.load(db, jwtSecret, 3600), 3600);
  const { token } = await tokens.sign(op.id, await openOperatorSession(db, op.id, 3600));
  const target = await startServer();
  try {
    const get = async (path: string) => {
      const res = await fetch(`${target.url}/api/operator${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
      await res.arrayBuffer();
    };
    const probe = ids[Math.floor(ids.length / 2)]!;
    const list = await timed(opts.runs, () => get('/clinics?limit=50'));
    const search = await timed(opts.runs, () => get(`/clinics?q=owner-${probe.slice(0, 8)}`));
    const detail = await timed(opts.runs, () => get(`/clinics/${probe}`));
    log(
      `  operator list p50 ${list.p50.toFixed(1)} ms, search p50 ${search.p50.toFixed(1)} ms, clinic page p50 ${detail.p50.toFixed(1)} ms`,
    );
    return { clinics: opts.clinics, documents, metering, list, search, detail };
  } finally {
    await target.close();
  }
}
