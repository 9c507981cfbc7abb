// Periodic housekeeping on every instance. Each job is idempotent, so
// several instances running it at once do no harm.
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';
import type { Feed } from './sync/feed.ts';
import { eraseExpiredVisits } from './owner/retention.ts';
import { pruneRateLimits } from './http/rate-limit.ts';

/** Starts the jobs (first run within a minute); returns the stop. */
export function startJobs(db: Database, feed: Feed, log: Logger, everyMs: number): () => void {
  const run = async () => {
    try {
      const erased = await eraseExpiredVisits(db, feed);
      if (erased > 0) log.info({ erased }, 'retention: personal data of finished visits erased');
      await pruneRateLimits(db);
    } catch (err) {
      log.error({ err }, 'housekeeping failed');
    }
  };
  const first = setTimeout(run, Math.min(everyMs, 60_000));
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
