// Tells the server this reception is there, at the pace its answer asks
// (server/sync/reception-presence.ts), so the clinic's patient phones know the
// queue they show is current; when the pings stop arriving (the clinic's
// internet is down, however silently) the phones say it may be behind. The
// replication's stream cannot say it: it only flows from the server.
import { SYNC_ALIVE_PATH } from '../../shared/paths.ts';
import { AliveAnswer, SCHEMA_VERSION, SCHEMA_VERSION_HEADER } from '../../shared/protocol.ts';
import { authedFetch, type TokenSource } from '../net/authed-fetch.ts';

/** Until the server has said otherwise, and after a failed ping. */
const RETRY_MS = 10_000;

/** Starts pinging; returns the function that stops it. */
export function startAlivePings(auth: TokenSource, baseUrl: string, fetchFn?: typeof fetch): () => void {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;

  const ping = async () => {
    clearTimeout(timer);
    if (inFlight || abort.signal.aborted) return;
    inFlight = true;
    let next = RETRY_MS;
    try {
      const r = await authedFetch(
        auth,
        baseUrl + SYNC_ALIVE_PATH,
        { method: 'POST', headers: { [SCHEMA_VERSION_HEADER]: String(SCHEMA_VERSION) }, signal: abort.signal },
        fetchFn,
      );
      // A revoked device stops; the replication tells the receptionist.
      if (r.kind === 'revoked') return;
      if (r.kind === 'answer' && r.res.ok) {
        const answer = AliveAnswer.safeParse(await r.res.json());
        if (answer.success) next = answer.data.nextInMs;
      }
    } catch (err) {
      // No network: the point of the pings is that they stop arriving meanwhile.
      if (abort.signal.aborted) return;
      console.debug('alive ping failed', err);
    } finally {
      inFlight = false;
    }
    if (!abort.signal.aborted) timer = setTimeout(ping, next);
  };

  // Back online: say so now, not at the end of a retry delay.
  const onOnline = () => void ping();
  window.addEventListener('online', onOnline);
  void ping();
  return () => {
    abort.abort();
    clearTimeout(timer);
    window.removeEventListener('online', onOnline);
  };
}
