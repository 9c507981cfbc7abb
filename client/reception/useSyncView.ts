// The sync state the screen shows, derived in one place: the header pill,
// the banners and the read-only switch all read this.
import { useEffect, useState } from 'preact/hooks';
import type { SyncPhase } from '../db/replication.ts';
import { useSubject } from '../ui/useObservable.ts';
import type { Clinic } from './useClinic.ts';
import { useLastSync } from './useLastSync.ts';

export interface SyncView {
  phase: SyncPhase;
  /** Local changes the server has not confirmed; null while the count loads. */
  pending: number | null;
  lastSyncAt: number | null;
  /** The server refuses this clinic's changes for now (subscription suspended): they wait here, and the queue stays usable. */
  suspended: boolean;
  /** A revoked device or an outdated app must not write what can never sync. */
  readOnly: boolean;
}

const TERMINAL: readonly SyncPhase[] = ['revoked', 'outdated', 'stopped'];

function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export function useSyncView({ db, sync }: Clinic): SyncView {
  const status = useSubject(sync.status$);
  const lastSyncAt = useLastSync(db, status.lastSyncAt);
  const pending = useSubject(sync.pending.count$);
  const online = useBrowserOnline();
  // The stream notices a dead network only after missed heartbeats; the
  // browser knows at once, and the receptionist should too.
  const phase = !online && !TERMINAL.includes(status.phase) ? 'offline' : status.phase;
  return {
    phase,
    pending,
    lastSyncAt,
    suspended: status.suspended,
    readOnly: phase === 'revoked' || phase === 'outdated',
  };
}
