// One retry policy for every loop that waits before trying again: a device's
// stream, a patient phone's stream, the server's notification sends, its
// LISTEN connection. Exponential (each failure doubles the wait), capped, with
// jitter so the clinics' devices or a fleet of instances that lost the same
// server do not all come back in the same second. Pure: the random source is
// passed in, so the tests pin it.

export interface BackoffPolicy {
  /** The first wait (attempt 0). */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
  /**
   * How much of each wait is random: 0 none; 0.5 waits 50–100 % of the step,
   * 0.25 waits 75–100 %. Never more than the step, so the cap holds.
   */
  jitter: number;
}

/** Past this many doublings every sensible cap is reached; stops 2 ** attempt from overflowing. */
const MAX_DOUBLINGS = 30;

/** The wait before retry number `attempt` (0 after the first failure). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const doublings = Math.min(Math.max(0, Math.floor(attempt)), MAX_DOUBLINGS);
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** doublings);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(step * (1 - jitter + jitter * random()));
}
