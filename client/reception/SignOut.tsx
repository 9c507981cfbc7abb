import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from './i18n/index.ts';

interface Props {
  pending: number | null;
  onSignOut: () => Promise<void>;
}

/** Signing out deletes the tablet's database, so unsynced changes are named before they are lost. */
export function SignOut({ pending, onSignOut }: Props) {
  const { t, num } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const keepWorking = useRef<HTMLButtonElement>(null);
  // The warning takes the focus on "Keep working", so Enter alone never deletes unsynced changes.
  useEffect(() => {
    if (confirming) keepWorking.current?.focus();
  }, [confirming]);
  const go = async () => {
    setBusy(true);
    await onSignOut();
  };
  return (
    <div class="signout">
      <button
        type="button"
        class="btn"
        data-testid="sign-out"
        disabled={busy}
        onClick={() => ((pending ?? 0) > 0 ? setConfirming(true) : void go())}
      >
        {t.signOut}
      </button>
      {confirming && (
        <div class="popover card" role="alertdialog" aria-labelledby="signout-warning" data-testid="sign-out-warning">
          <p id="signout-warning">{t.signOutPending(num(pending ?? 0))}</p>
          <div class="actions">
            <button ref={keepWorking} type="button" class="btn" onClick={() => setConfirming(false)}>
              {t.keepWorking}
            </button>
            <button type="button" class="btn danger" data-testid="sign-out-confirm" disabled={busy} onClick={go}>
              {t.signOutAnyway}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
