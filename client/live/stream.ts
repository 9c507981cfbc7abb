// The public stream (/api/queue/v1/stream) for patient phones and the
// waiting-room display: read with fetch so the token travels in a header,
// reconnected with backoff, and dropped when silent for too long. Phones lose
// the network often and suspend background tabs, so every way a connection
// can die ends in "reconnect", except the ones where the credential itself
// was refused.
import type { PublicEvent } from '../../shared/projection.ts';
import { readSse } from '../db/sse.ts';

export const PUBLIC_STREAM_URL = '/api/queue/v1/stream';

/** The server sends a heartbeat every 20 s; hearing nothing for 45 s means the connection is dead. */
const SILENCE_MS = 45_000;
/** A page coming back to the foreground reconnects if it missed a heartbeat: mobile browsers freeze background sockets. */
const STALE_ON_RETURN_MS = 25_000;
/** How long the first connection may take before the page says it is showing saved data. */
const FIRST_CONNECT_GRACE_MS = 3_000;
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/**
 * `connecting`: first attempt in progress; `live`: the snapshot arrived and the stream is open;
 * `offline`: retrying; the rest are final: the credential was refused.
 */
export type StreamStatus = 'connecting' | 'live' | 'offline' | 'expired' | 'invalid' | 'revoked';

/** What to do when the server refuses or expires the credential. */
export type Renewal = 'renewed' | 'offline' | 'refused';

export interface StreamOptions {
  /** The bearer token for the next connection. */
  token: () => Promise<string>;
  /**
   * Called when the token expired or was refused. A display refreshes its access token;
   * a ticket link cannot be renewed (omit it).
   */
  renew?: () => Promise<Renewal>;
  onFrame: (frame: PublicEvent) => void;
  onStatus: (status: StreamStatus) => void;
  /** Any bytes from the server, heartbeats included: the data shown is current as of now. */
  onHeard: (at: number) => void;
  fetchFn?: typeof fetch;
}

/** Exponential backoff with jitter, so a clinic's phones do not all return in the same second. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.5 + random() / 2));
}

type Outcome = 'reconnect' | 'renew' | StreamStatus;

/** Starts the connection loop; returns a function that stops it. */
export function openPublicStream(o: StreamOptions): () => void {
  const fetchFn = o.fetchFn ?? globalThis.fetch.bind(globalThis);
  let stopped = false;
  let controller: AbortController | null = null;
  let wake: (() => void) | null = null;
  let lastHeard = 0;
  let status: StreamStatus = 'connecting';

  const currentStatus = () => status;
  const setStatus = (s: StreamStatus) => {
    if (s === status) return;
    status = s;
    o.onStatus(s);
  };

  // A connection that takes long (lie-fi) must not leave saved data looking current.
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const connecting = () => {
    setStatus('connecting');
    clearTimeout(graceTimer);
    graceTimer = setTimeout(() => {
      if (status === 'connecting') setStatus('offline');
    }, FIRST_CONNECT_GRACE_MS);
  };
  o.onStatus(status);
  connecting();

  // Back online, or back in front of the patient: retry now rather than at the end of a backoff.
  const onOnline = () => {
    wake?.();
    if (status === 'live' && Date.now() - lastHeard > STALE_ON_RETURN_MS) controller?.abort();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') onOnline();
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);

  const heard = () => {
    lastHeard = Date.now();
    o.onHeard(lastHeard);
  };

  async function connectOnce(): Promise<Outcome> {
    const ac = (controller = new AbortController());
    let silence = setTimeout(() => ac.abort(), SILENCE_MS);
    const resetSilence = () => {
      clearTimeout(silence);
      silence = setTimeout(() => ac.abort(), SILENCE_MS);
      heard();
    };
    try {
      const res = await fetchFn(PUBLIC_STREAM_URL, {
        headers: { authorization: `Bearer ${await o.token()}`, accept: 'text/event-stream' },
        cache: 'no-store',
        signal: ac.signal,
      });
      if (res.status === 401) {
        const code = await res.json().then(
          (b: { error?: { code?: string } }) => b.error?.code,
          () => undefined,
        );
        if (code === 'revoked') return 'revoked';
        if (o.renew) return 'renew';
        return code === 'token_expired' ? 'expired' : 'invalid';
      }
      if (!res.ok || !res.body) return 'reconnect';
      for await (const msg of readSse(res.body, resetSilence)) {
        let frame: PublicEvent;
        try {
          frame = JSON.parse(msg.data) as PublicEvent;
        } catch {
          console.warn('unreadable stream frame', msg.event);
          continue;
        }
        if (frame.type === 'auth') return frame.reason === 'revoked' ? 'revoked' : o.renew ? 'renew' : 'expired';
        if (frame.type === 'bye') return 'reconnect';
        o.onFrame(frame);
        if (frame.type === 'snapshot') setStatus('live');
      }
      return 'reconnect';
    } catch (err) {
      // Network errors and our own aborts (silence, stop) land here alike.
      if (!stopped && !(err instanceof DOMException && err.name === 'AbortError') && !(err instanceof TypeError)) {
        console.warn('queue stream failed', err);
      }
      return 'reconnect';
    } finally {
      clearTimeout(silence);
      ac.abort();
      controller = null;
    }
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = null;
        resolve();
      }
      wake = done;
    });

  void (async () => {
    let attempt = 0;
    // One renewal per failure: a token refused again right after renewing will not get better.
    let renewed = false;
    while (!stopped) {
      const outcome = await connectOnce();
      if (stopped) return;
      // Read through a call: TypeScript cannot see the callbacks that changed it.
      const wasLive = currentStatus() === 'live';
      if (wasLive) {
        attempt = 0;
        renewed = false;
      }
      if (outcome === 'renew') {
        if (renewed) return setStatus('invalid');
        const r = await o.renew!();
        if (stopped) return;
        if (r === 'refused') return setStatus('revoked');
        if (r === 'renewed') {
          renewed = true;
          continue;
        }
      } else if (outcome !== 'reconnect') {
        return setStatus(outcome);
      } else if (wasLive) {
        // It was working: try again at once, saying so only if that does not work quickly.
        connecting();
        continue;
      }
      setStatus('offline');
      await pause(backoffMs(attempt++));
    }
  })();

  return () => {
    stopped = true;
    clearTimeout(graceTimer);
    window.removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', onVisible);
    controller?.abort();
    wake?.();
  };
}
