import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n/index.ts';
import { reloadForUpdate } from '../pwa/register.ts';
import { writeFailed$ } from './errors.ts';
import type { SyncView } from './useSyncView.ts';

/** Long enough to be noticed; the failed action can simply be tried again. */
const WRITE_ERROR_MS = 6000;

export function Banners({ sync, storageRefused }: { sync: SyncView; storageRefused: boolean }) {
  const { t, num } = useI18n();
  const [storageDismissed, setStorageDismissed] = useState(false);
  const writeFailed = useWriteFailed();
  return (
    <div class="banners">
      {sync.phase === 'revoked' && (
        <div class="banner danger" role="alert" data-testid="banner-revoked">
          {t.revoked(num(sync.pending ?? 0))}
        </div>
      )}
      {sync.phase === 'outdated' && (
        <div class="banner warn" role="alert" data-testid="banner-outdated">
          <span>{t.outdated}</span>
          <button type="button" class="btn primary" onClick={reloadForUpdate}>
            {t.reload}
          </button>
        </div>
      )}
      {sync.suspended && (
        <div class="banner warn" role="status" data-testid="banner-suspended">
          {t.suspended(num(sync.pending ?? 0))}
        </div>
      )}
      {writeFailed && (
        <div class="banner danger" role="alert" data-testid="banner-write-failed">
          {t.errSaveFailed}
        </div>
      )}
      {storageRefused && !storageDismissed && (
        <div class="banner note" role="status" data-testid="banner-storage">
          <span>{t.storageNotPersisted}</span>
          <button type="button" class="btn" onClick={() => setStorageDismissed(true)}>
            {t.dismiss}
          </button>
        </div>
      )}
    </div>
  );
}

function useWriteFailed(): boolean {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = writeFailed$.subscribe(() => {
      setFailed(true);
      clearTimeout(timer);
      timer = setTimeout(() => setFailed(false), WRITE_ERROR_MS);
    });
    return () => {
      sub.unsubscribe();
      clearTimeout(timer);
    };
  }, []);
  return failed;
}
