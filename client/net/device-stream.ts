// The one reader of a device's long-lived stream (Server-Sent Events read
// with fetch, so the token travels in a header): a watchdog that drops a
// connection silent for longer than two heartbeats (TCP may never notice a
// dead one), reconnection with the shared backoff, and a wake-up for when the
// page knows the network is back. The tablet's replication and the live pages
// (display, patient) each say how to open their stream and what its frames
// mean; the connection's life is handled here, the same for all.
import { backoffDelay, type BackoffPolicy } from '../../shared/backoff.ts';
import { HEARTBEAT_MS } from '../../shared/heartbeat.ts';
import { readSse, type SseMessage } from './sse.ts';

/**
 * Hearing nothing for two heartbeats (and a second for timers running late)
 * means the connection is dead: one lost heartbeat is not enough to say so.
 */
export const SILENCE_MS = 2 * HEARTBEAT_MS + 1_000;
/** The first retry soon, then longer waits up to 30 s, spread so a clinic's devices do not all return in the same second. */
export const STREAM_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 30_000, jitter: 0.5 };

/**
 * What to do next: keep reading (`continue`), drop this connection and open
 * another (`reconnect`: at once if the stream was up, else after a backoff),
 * open another at once (`again`, e.g. the token was just renewed), back off
 * before the next (`retry`), or end for good (`stop`).
 */
export type Next = 'continue' | 'reconnect' | 'again' | 'retry' | 'stop';

export interface DeviceStreamOptions {
  /** Opens one connection: a response whose body is the stream, or what to do instead (`continue` counts as `retry`, as throwing does). */
  open(signal: AbortSignal): Promise<Response | Next>;
  /** Each message, in order; the next one is read once this settles. */
  onMessage(msg: SseMessage): Next | Promise<Next>;
  /** Any bytes from the server, heartbeats included. */
  onHeard?(): void;
  /**
   * A connection ended or could not open. `now`: it had been up (a message
   * came), so the next attempt starts at once; otherwise after a backoff.
   * `silent`: the watchdog dropped it, so the network is likely gone, not just this connection.
   */
  onDown?(now: boolean, silent: boolean): void;
  backoff?: BackoffPolicy;
  silenceMs?: number;
  random?: () => number;
}

export interface DeviceStream {
  /** Skips the rest of a backoff (the browser says the network is back). */
  wake(): void;
  /** Drops the current connection (it may be dead without anyone knowing) and opens another. */
  reconnect(): void;
  /** Ends the loop and the connection. */
  stop(): void;
  /** Settles when the loop has ended (stopped, or a `stop` from open or onMessage). */
  readonly done: Promise<void>;
}

const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

export function openDeviceStream(o: DeviceStreamOptions): DeviceStream {
  const policy = o.backoff ?? STREAM_BACKOFF;
  const silenceMs = o.silenceMs ?? SILENCE_MS;
  let stopped = false;
  let connection: AbortController | null = null;
  let wake: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  /** One connection, from opening to its end: what the loop does next, and whether a message came. */
  async function connectOnce(): Promise<{ next: Exclude<Next, 'continue'>; up: boolean; silent: boolean }> {
    const ac = new AbortController();
    connection = ac;
    let silent = false;
    const watch = () =>
      setTimeout(() => {
        silent = true;
        ac.abort();
      }, silenceMs);
    let silence = watch();
    const heard = () => {
      clearTimeout(silence);
      silence = watch();
      o.onHeard?.();
    };
    let up = false;
    try {
      const opened = await o.open(ac.signal);
      if (typeof opened === 'string') return { next: opened === 'continue' ? 'retry' : opened, up, silent };
      if (!opened.body) return { next: 'retry', up, silent };
      for await (const msg of readSse(opened.body, heard)) {
        up = true;
        const next = await o.onMessage(msg);
        if (stopped) break;
        if (next !== 'continue') return { next, up, silent };
      }
      return { next: 'reconnect', up, silent };
    } catch (err) {
      // Network errors and our own aborts (silence, reconnect, stop) land here alike.
      if (!stopped && !isAbort(err) && !(err instanceof TypeError)) console.warn('stream failed', err);
      return { next: 'reconnect', up, silent };
    } finally {
      clearTimeout(silence);
      ac.abort();
      if (connection === ac) connection = null;
    }
  }

  const done = (async () => {
    let attempt = 0;
    while (!stopped) {
      const { next, up, silent } = await connectOnce();
      if (stopped || next === 'stop') return;
      if (next === 'again') continue;
      if (up) attempt = 0;
      const now = up && next === 'reconnect';
      o.onDown?.(now, silent);
      if (!now) await pause(backoffDelay(policy, attempt++, o.random));
    }
  })();

  return {
    wake: () => wake?.(),
    reconnect: () => {
      connection?.abort();
      wake?.();
    },
    stop: () => {
      stopped = true;
      connection?.abort();
      wake?.();
    },
    done,
  };
}
