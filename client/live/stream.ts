// The public stream (/api/queue/v1/stream) for patient phones and the
// waiting-room display: read with fetch so the token travels in a header,
// reconnected with backoff, and dropped when silent for too long (all three in
// client/net/device-stream.ts). Phones lose
// the network often and suspend background tabs, so every way a connection
// can die ends in "reconnect", except the ones where the credential itself
// was refused.
import type { PublicEvent } from '../../shared/projection.ts';
import { REVOKED_CODE, TOKEN_EXPIRED_CODE, readErrorBody } from '../../shared/errors.ts';
import { PUBLIC_STREAM_PATH } from '../../shared/paths.ts';
import { HEARTBEAT_MS } from '../../shared/heartbeat.ts';
import { authedFetch, type TokenSource } from '../net/authed-fetch.ts';
import { openDeviceStream, type Next } from '../net/device-stream.ts';

export const PUBLIC_STREAM_URL = PUBLIC_STREAM_PATH;

/** A page coming back to the foreground reconnects if it missed a heartbeat: mobile browsers freeze background sockets. */
const STALE_ON_RETURN_MS = HEARTBEAT_MS + 1_000;
/** How long the first connection may take before the page says it is showing saved data. */
const FIRST_CONNECT_GRACE_MS = 3_000;

/**
 * `connecting`: first attempt in progress; `live`: the snapshot arrived and the stream is open;
 * `offline`: retrying; the rest are final: the credential was refused.
 */
export type StreamStatus = 'connecting' | 'live' | 'offline' | 'expired' | 'invalid' | 'revoked';

/**
 * A patient phone's ticket link, which cannot be renewed (expired means over),
 * or a display's device tokens, refreshed when expired or refused (authedFetch).
 */
export type StreamCredential = { ticket: string } | { auth: TokenSource };

export interface StreamOptions {
  credential: StreamCredential;
  onFrame: (frame: PublicEvent) => void;
  onStatus: (status: StreamStatus) => void;
  /** Any bytes from the server, heartbeats included: the data shown is current as of now. */
  onHeard: (at: number) => void;
  fetchFn?: typeof fetch;
  /** For tests: the backoff's random source. */
  random?: () => number;
  /** For tests: the watchdog's limit (SILENCE_MS by default). */
  silenceMs?: number;
}

/** Starts the connection loop; returns a function that stops it. */
export function openPublicStream(o: StreamOptions): () => void {
  const fetchFn = o.fetchFn ?? globalThis.fetch.bind(globalThis);
  let lastHeard = 0;
  let status: StreamStatus = 'connecting';
  // One renewal per failure: a token refused again right after renewing will not get better.
  let renewed = false;

  const setStatus = (s: StreamStatus) => {
    if (s === status) return;
    status = s;
    o.onStatus(s);
  };
  const end = (s: StreamStatus): Next => {
    setStatus(s);
    return 'stop';
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

  const cred = o.credential;

  const stream = openDeviceStream({
    random: o.random,
    silenceMs: o.silenceMs,
    async open(signal) {
      const init = { headers: { accept: 'text/event-stream' }, cache: 'no-store' as const, signal };
      let res: Response;
      let code: string | undefined;
      if ('auth' in cred) {
        // An expired or unverifiable token is refreshed there, once.
        const r = await authedFetch(cred.auth, PUBLIC_STREAM_URL, init, fetchFn);
        if (r.kind === 'revoked') return end('revoked');
        if (r.kind === 'offline') return 'retry';
        ({ res } = r);
        code = r.error?.code;
      } else {
        res = await fetchFn(PUBLIC_STREAM_URL, { ...init, headers: { ...init.headers, authorization: `Bearer ${cred.ticket}` } });
        if (res.status === 401) code = (await readErrorBody(res))?.code;
      }
      if (res.status === 401) {
        if (code === REVOKED_CODE) return end('revoked');
        // A refreshed device token refused again will not get better.
        return end(!('auth' in cred) && code === TOKEN_EXPIRED_CODE ? 'expired' : 'invalid');
      }
      return res.ok ? res : 'retry';
    },
    onMessage(msg) {
      let frame: PublicEvent;
      try {
        frame = JSON.parse(msg.data) as PublicEvent;
      } catch {
        console.warn('unreadable stream frame', msg.event);
        return 'continue';
      }
      if (frame.type === 'auth') return frame.reason === 'revoked' ? end('revoked') : renewMidStream();
      if (frame.type === 'bye') return 'reconnect';
      // Backing off: two live pages of one ticket beyond the server's cap would otherwise replace each other in a tight loop.
      if (frame.type === 'replaced') return 'retry';
      o.onFrame(frame);
      if (frame.type === 'snapshot') {
        renewed = false;
        setStatus('live');
      }
      return 'continue';
    },
    onHeard() {
      lastHeard = Date.now();
      o.onHeard(lastHeard);
    },
    // It was working: try again at once, saying so only if that does not work quickly. A
    // connection that went silent is a network gone quiet: the data shown is stale now.
    onDown: (now, silent) => (now && !silent && status === 'live' ? connecting() : setStatus('offline')),
  });

  /** The stream said the token expired: a device refreshes it (once until the next snapshot) and reconnects; a ticket link is over. */
  async function renewMidStream(): Promise<Next> {
    if (!('auth' in cred)) return end('expired');
    if (renewed) return end('invalid');
    const r = await cred.auth.refresh();
    if (r === 'revoked') return end('revoked');
    if (r === null) return 'retry';
    renewed = true;
    return 'again';
  }

  // Back online, or back in front of the patient: retry now rather than at the end of a backoff.
  const onOnline = () => {
    if (status === 'live' && Date.now() - lastHeard > STALE_ON_RETURN_MS) stream.reconnect();
    else stream.wake();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') onOnline();
  };
  // The browser knows before any watchdog: say the data is stale, and drop a connection that cannot be alive.
  const onOffline = () => {
    if (status !== 'live' && status !== 'connecting') return;
    setStatus('offline');
    stream.reconnect();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisible);

  return () => {
    stream.stop();
    clearTimeout(graceTimer);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
