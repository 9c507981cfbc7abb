// The tablet closes the day by itself once its close time has passed
// (shared/day-close.ts, autoCloseAt), offline too: checked each minute while
// the reception is open. The server does the same for tablets that are off
// (server/owner/day-close.ts); whoever is first writes, the others find the
// visits already closed, or write identical documents.
import { useEffect, useRef } from 'preact/hooks';
import type { Settings } from '../../shared/schemas.ts';
import type { ClinicDb } from '../db/database.ts';
import { closeDueDays } from './day-close.ts';

export function useAutoClose(db: ClinicDb, settings: Settings | null, now: number, readOnly: boolean): void {
  const running = useRef(false);
  useEffect(() => {
    // A read-only tablet (revoked, suspended) writes nothing that would never sync.
    if (!settings || readOnly || running.current) return;
    running.current = true;
    closeDueDays(db, settings, now)
      .catch((err: unknown) => {
        if (!db.closed) console.warn('the automatic close of the day failed; next minute again', err);
      })
      .finally(() => {
        running.current = false;
      });
  }, [db, settings, now, readOnly]);
}
