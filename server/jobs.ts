// Periodic jobs on every instance. Each is idempotent, so several instances
// running it at once do no harm (metering lets one of them do the work).
// A clinic whose data makes a job fail is logged, counted and skipped: the
// other clinics' jobs go on (server/clinic-run.ts).
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';
import type { Documents } from './docs/writes.ts';
import type { Metrics } from './http/metrics.ts';
import type { ClinicRun } from './clinic-run.ts';
import { safeErr } from './http/log-errors.ts';
import { eraseExpiredVisits } from './owner/retention.ts';
import { closeDueDays } from './owner/day-close.ts';
import { pruneRateLimits } from './http/rate-limit.ts';
import { pruneExpiredCredentials } from './auth/expiry.ts';
import { meterUsage } from './billing/usage.ts';
import { expireSubscriptions } from './billing/subscription.ts';
import { purgeClosedClinics } from './owner/closed-purge.ts';
import type { Notifications } from './notify/index.ts';
import { EMBEDDED_AUTOVACUUM_EVERY_MS, embeddedAutovacuum, needsOwnAutovacuum } from './db/embedded-autovacuum.ts';

const DAY_CLOSE_EVERY_MS = 5 * 60_000;
/** An hour's reminder leaves between 60 and 55 minutes before its slot. */
const REMINDERS_EVERY_MS = 5 * 60_000;

export interface JobTimes {
  housekeepingMs: number;
  usageMs: number;
}

/** The jobs that work clinic by clinic: the `job` label of doctorq_job_clinic_failures_total. */
export type ClinicJob = 'day-close' | 'retention' | 'subscriptions' | 'usage' | 'closed-purge' | 'reminders';

export interface JobContext {
  db: Database;
  documents: Documents;
  log: Logger;
  metrics: Metrics;
  notifications: Pick<Notifications, 'remind'>;
}

function every(ms: number, firstWithinMs: number, run: () => Promise<void>): () => void {
  const first = setTimeout(run, Math.min(ms, firstWithinMs));
  const timer = setInterval(run, ms);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/** Logs and counts the clinics a run skipped; returns what it did. */
function report(ctx: JobContext, job: ClinicJob, run: ClinicRun): number {
  for (const { clinicId, error } of run.failed) {
    ctx.metrics.jobClinicFailures.inc({ job });
    // safeErr: the error's kind and code, never the row values a database error quotes.
    ctx.log.error({ job, clinicId, err: safeErr(error) }, 'periodic job failed for one clinic; skipped');
  }
  return run.done;
}

/** Each step runs whatever the previous one did: one failing step stops none of the others. */
async function step(ctx: JobContext, name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    ctx.log.error({ job: name, err: safeErr(err) }, 'periodic job failed');
  }
}

export async function housekeeping(ctx: JobContext): Promise<void> {
  await step(ctx, 'retention', async () => {
    const erased = report(ctx, 'retention', await eraseExpiredVisits(ctx.db, ctx.documents));
    if (erased > 0) ctx.log.info({ erased }, 'retention: personal data of finished visits erased');
  });
  await step(ctx, 'rate-limits', () => pruneRateLimits(ctx.db));
  await step(ctx, 'credentials', () => pruneExpiredCredentials(ctx.db));
  await step(ctx, 'subscriptions', async () => {
    const pastDue = report(ctx, 'subscriptions', await expireSubscriptions(ctx.db));
    if (pastDue > 0) ctx.log.info({ pastDue }, 'billing: ended trials and paid periods are now past due');
  });
  await step(ctx, 'closed-purge', async () => {
    const purged = report(ctx, 'closed-purge', await purgeClosedClinics(ctx.db));
    if (purged > 0) ctx.log.info({ purged }, 'closed clinics: data left after the grace period deleted');
  });
}

/** Its own timer, more often than housekeeping: a day should close soon after its time, not up to an hour later. */
export async function dayClosing(ctx: JobContext): Promise<void> {
  await step(ctx, 'day-close', async () => {
    const closed = report(ctx, 'day-close', await closeDueDays(ctx.db, ctx.documents));
    if (closed > 0) ctx.log.info({ closed }, 'day close: clinic days closed after their hours');
  });
}

/** Appointment reminders into the outbox (server/notify/reminders.ts): each once, whatever the instances. */
export async function reminding(ctx: JobContext): Promise<void> {
  await step(ctx, 'reminders', async () => {
    const enqueued = report(ctx, 'reminders', await ctx.notifications.remind());
    if (enqueued > 0) ctx.log.info({ enqueued }, 'reminders: appointment reminders enqueued');
  });
}

/** The embedded database's autovacuum (db/embedded-autovacuum.ts); a real Postgres runs its own. */
export async function autovacuuming(ctx: JobContext): Promise<void> {
  await step(ctx, 'autovacuum', async () => {
    const run = await embeddedAutovacuum(ctx.db);
    if (run.analyzed.length + run.vacuumed.length > 0) ctx.log.debug(run, 'embedded database: tables vacuumed and analysed');
  });
}

export async function metering(ctx: JobContext): Promise<void> {
  await step(ctx, 'usage', async () => {
    report(ctx, 'usage', await meterUsage(ctx.db));
  });
}

/** Starts the jobs; returns the stop. */
export function startJobs(ctx: JobContext, times: JobTimes): () => void {
  const stopHousekeeping = every(times.housekeepingMs, 60_000, () => housekeeping(ctx));
  const stopMetering = every(times.usageMs, times.usageMs, () => metering(ctx));
  const stopClosing = every(Math.min(times.housekeepingMs, DAY_CLOSE_EVERY_MS), 60_000, () => dayClosing(ctx));
  const stopReminding = every(REMINDERS_EVERY_MS, 60_000, () => reminding(ctx));
  const stopAutovacuum = needsOwnAutovacuum(ctx.db)
    ? every(EMBEDDED_AUTOVACUUM_EVERY_MS, EMBEDDED_AUTOVACUUM_EVERY_MS, () => autovacuuming(ctx))
    : () => {};
  return () => {
    stopAutovacuum();
    stopReminding();
    stopHousekeeping();
    stopClosing();
    stopMetering();
  };
}
