// One request's life in a component: loading, loaded or failed, with a retry.
// An answer that arrives after the inputs changed (another clinic, another
// range) is dropped, so a slow old report never replaces a newer one.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** What useLoad needs of an API answer: the data, or an error code. */
export type Answer<T> = { ok: true; data: T } | { ok: false; code: string };

export type Load<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; code: string };

export interface Loaded<T> {
  load: Load<T>;
  /** Fetches again. Data already shown stays until the new answer replaces it, so a table does not blink after a save. */
  reload: () => void;
}

export function useLoad<T>(fetcher: () => Promise<Answer<T>>, deps: readonly unknown[]): Loaded<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const quiet = useRef(false);
  useEffect(() => {
    const mine = ++latest.current;
    const keep = quiet.current;
    quiet.current = false;
    setLoad((cur) => (keep && cur.state === 'ok' ? cur : { state: 'loading' }));
    void fetcher().then((r) => {
      if (mine !== latest.current) return;
      setLoad(r.ok ? { state: 'ok', data: r.data } : { state: 'error', code: r.code });
    });
    // The caller names what the fetcher depends on; the fetcher itself is a new closure every render.
  }, [...deps, attempt]);
  const reload = useCallback(() => {
    quiet.current = true;
    setAttempt((n) => n + 1);
  }, []);
  return { load, reload };
}
