// The sync time the screen shows: the live one while this page has synced,
// else the one remembered from before the reload (client/db/last-sync.ts).
import { useEffect, useState } from 'preact/hooks';
import type { ClinicDb } from '../db/database.ts';
import { loadLastSync, saveLastSync } from '../db/last-sync.ts';

export function useLastSync(db: ClinicDb, live: number | null): number | null {
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => {
    let current = true;
    loadLastSync(db).then(
      (at) => current && setSaved(at),
      (err: unknown) => console.warn('could not read the last sync time', err),
    );
    return () => {
      current = false;
    };
  }, [db]);
  useEffect(() => {
    if (live !== null) saveLastSync(db, live).catch((err: unknown) => console.warn('could not save the last sync time', err));
  }, [db, live]);
  return live ?? saved;
}
