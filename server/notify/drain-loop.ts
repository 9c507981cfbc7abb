// The loop every outbox worker runs (notifications, mail): handle one due
// row at a time, sleep when there is none, wake at once when something is
// enqueued, back off while the database fails, and tell tests when a pass
// found nothing due (drained()), so they wait for an idle signal rather than
// sleeping. What "one due row" is, and how it is claimed and sent, is the
// subclass's runOnce().
import type { Logger } from 'pino';
import { backoffDelay } from '../../shared/backoff.ts';

/** Longest pause after the database failed a poll. */
const ERROR_PAUSE_CAP_MS = 10_000;

export abstract class DrainLoop {
  private loop: Promise<void> | null = null;
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  /** Passes over the outbox begun so far, and who waits for one that finds nothing due: see drained(). */
  private passes = 0;
  private drainWaiters: { after: number; resolve: () => void; reject: (err: Error) => void }[] = [];

  constructor(
    private readonly what: string,
    protected readonly log: Logger,
    private readonly pollMs: number,
  ) {}

  /** Handles one due row, if there is one; true when it did. */
  abstract runOnce(): Promise<boolean>;

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Something was enqueued: look now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Resolves once a pass begun after this call found nothing due for this
   * worker: everything due when it was called was sent or settled. (A row
   * another instance holds is not due here: wait on the rows for those.)
   */
  drained(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error(`the ${this.what} is not running`));
    const waiter = new Promise<void>((resolve, reject) => this.drainWaiters.push({ after: this.passes, resolve, reject }));
    this.wake();
    return waiter;
  }

  /** Finishes the row in hand (its send and its commit), then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
    this.loop = null;
    for (const w of this.drainWaiters.splice(0)) w.reject(new Error(`the ${this.what} stopped`));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let worked = false;
      const pass = ++this.passes;
      try {
        this.woken = false;
        worked = await this.runOnce();
        failures = 0;
        if (!worked) this.settleDrainWaiters(pass);
      } catch (err) {
        failures++;
        this.log.error({ err }, `${this.what}: database error`);
      }
      if (worked || this.stopped) continue;
      if (this.woken) continue;
      await this.sleep(failures ? backoffDelay({ baseMs: this.pollMs, capMs: ERROR_PAUSE_CAP_MS, jitter: 0 }, failures) : this.pollMs);
    }
  }

  private settleDrainWaiters(idlePass: number): void {
    const [done, waiting] = [this.drainWaiters.filter((w) => w.after < idlePass), this.drainWaiters.filter((w) => w.after >= idlePass)];
    this.drainWaiters = waiting;
    for (const w of done) w.resolve();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
