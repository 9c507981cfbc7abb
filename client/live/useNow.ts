import { useEffect, useState } from 'preact/hooks';

/** The clock, re-read every `everyMs`: ages ("updated 3 min ago") and the display's clock move with it. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** Whole minutes since `at`, never negative (a phone's clock may be a little ahead of the server's). */
export const minutesSince = (at: number, now: number): number => Math.max(0, Math.floor((now - at) / 60_000));
