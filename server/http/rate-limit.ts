// Rate limits on the public endpoints (sign-in, check-in, ticket links),
// counted in Postgres so every instance behind the balancer shares them: a
// flood spread over instances is still one flood.
import type { RequestHandler, Request } from 'express';
import { ipKeyGenerator, rateLimit, type Store, type ClientRateLimitInfo } from 'express-rate-limit';
import type { Database } from '../db/database.ts';
import { HttpError } from './errors.ts';

class PgStore implements Store {
  readonly localKeys = false;
  constructor(
    private readonly db: Database,
    readonly prefix: string,
    private readonly windowMs: number,
  ) {}

  async increment(key: string): Promise<ClientRateLimitInfo> {
    // One statement: a new window starts when the old one has passed.
    const [row] = await this.db.query<{ hits: number; reset_at: Date | string }>(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limits.reset_at END
       RETURNING hits, reset_at`,
      [this.prefix + key, this.windowMs / 1000],
    );
    return { totalHits: row!.hits, resetTime: new Date(row!.reset_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.query('UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE key = $1', [this.prefix + key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limits WHERE key = $1', [this.prefix + key]);
  }
}

function windowed(windowMs: number) {
  /** A limit named `name` per window, by client IP unless `key` says otherwise. */
  return (db: Database, name: string, limit: number, message: string, key?: (req: Request) => string): RequestHandler =>
    rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      store: new PgStore(db, `${name}:`, windowMs),
      ...(key ? { keyGenerator: key } : {}),
      handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', message)),
    });
}

export const perMinute = windowed(60_000);

/**
 * perMinute() for the routes served before Express: the same count (same
 * store, same key: the client's address as express-rate-limit keys it), so
 * a limit two routes share stays one limit. Throws the same 429.
 */
export function perMinuteByAddress(db: Database, name: string, limit: number, message: string): (address: string) => Promise<void> {
  const store = new PgStore(db, `${name}:`, 60_000);
  return async (address) => {
    const { totalHits } = await store.increment(ipKeyGenerator(address));
    if (totalHits > limit) throw new HttpError(429, 'rate_limited', message);
  };
}
export const perHour = windowed(3_600_000);

/** Expired windows, removed by the periodic jobs. */
export async function pruneRateLimits(db: Database): Promise<void> {
  await db.query('DELETE FROM rate_limits WHERE reset_at < now()');
}
