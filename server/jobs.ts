// Periodic jobs on every instance. Each is idempotent, so several instances
// running it at once do no harm (metering lets one of them do the work).
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';
import type { Documents } from './docs/writes.ts';
import { eraseExpiredVisits } from './owner/retention.ts';
import { pruneRateLimits } from './http/rate-limit.ts';
import { pruneExpiredCredentials } from './auth/expiry.ts';
import { meterUsage } from './billing/usage.ts';
import { expireSubscriptions } from './billing/subscription.ts';

export interface JobTimes {
  housekeepingMs: number;
  usageMs: number;
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

/** Starts the jobs; returns the stop. */
export function startJobs(db: Database, documents: Documents, log: Logger, times: JobTimes): () => void {
  const stopHousekeeping = every(times.housekeepingMs, 60_000, async () => {
    try {
      const erased = await eraseExpiredVisits(db, documents);
      if (erased > 0) log.info({ erased }, 'retention: personal data of finished visits erased');
      await pruneRateLimits(db);
      await pruneExpiredCredentials(db);
      const pastDue = await expireSubscriptions(db);
      if (pastDue > 0) log.info({ pastDue }, 'billing: ended trials and paid periods are now past due');
    } catch (err) {
      log.error({ err }, 'housekeeping failed');
    }
  });
  const stopMetering = every(times.usageMs, times.usageMs, async () => {
    try {
      await meterUsage(db);
    } catch (err) {
      log.error({ err }, 'usage metering failed');
    }
  });
  return () => {
    stopHousekeeping();
    stopMetering();
  };
}
