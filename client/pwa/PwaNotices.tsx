import { useEffect } from 'preact/hooks';
import { useI18n } from '../reception/i18n/index.ts';
import { useSubject } from '../ui/useObservable.ts';
import { dismissOfflineReady, pwa$, reloadForUpdate } from './register.ts';

/** Long enough to read, short enough not to linger over the queue. */
const OFFLINE_READY_MS = 6000;

export function PwaNotices() {
  const { t } = useI18n();
  const { updateWaiting, offlineReady } = useSubject(pwa$);
  useEffect(() => {
    if (!offlineReady) return;
    const timer = setTimeout(dismissOfflineReady, OFFLINE_READY_MS);
    return () => clearTimeout(timer);
  }, [offlineReady]);
  return (
    <div class="toasts" aria-live="polite">
      {updateWaiting && (
        <div class="toast" data-testid="update-prompt" role="status">
          <span>{t.updateAvailable}</span>
          <button type="button" class="btn primary" onClick={reloadForUpdate}>
            {t.reload}
          </button>
        </div>
      )}
      {offlineReady && (
        <div class="toast" data-testid="offline-ready" role="status">
          <span>{t.offlineReady}</span>
          <button type="button" class="btn" onClick={dismissOfflineReady}>
            {t.dismiss}
          </button>
        </div>
      )}
    </div>
  );
}
