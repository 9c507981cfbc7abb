import { useI18n } from './i18n/index.ts';
import type { SyncView } from './useSyncView.ts';

export function SyncStatus({ view }: { view: SyncView }) {
  const { t, num, time } = useI18n();
  return (
    <div class="sync" role="status" aria-live="polite">
      <span class={`pill phase-${view.phase}`} data-testid="sync-status" data-phase={view.phase}>
        <span class="dot" aria-hidden="true" />
        {t.phase[view.phase]}
      </span>
      {view.pending !== null && (
        <span class={view.pending > 0 ? 'pending has-pending' : 'pending'}>
          {t.pendingLabel} <span data-testid="pending-count">{num(view.pending)}</span>
        </span>
      )}
      <span class="muted last-sync" data-testid="last-sync" data-at={view.lastSyncAt ?? ''}>
        {view.lastSyncAt === null ? t.neverSynced : t.lastSync(time(view.lastSyncAt))}
      </span>
    </div>
  );
}
