// A modal question before an action that cannot be undone. The native
// <dialog> keeps focus inside and closes on Escape; "Cancel" has the focus
// first, so Enter alone never confirms.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/index.ts';

interface Props {
  title: string;
  confirmLabel: string;
  confirmTestId: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ComponentChildren;
}

export function ConfirmDialog({ title, confirmLabel, confirmTestId, busy, onConfirm, onCancel, children }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} class="confirm card" aria-labelledby="confirm-title" onClose={onCancel}>
      <h2 id="confirm-title">{title}</h2>
      {children}
      <div class="actions">
        <button type="button" class="btn" autoFocus onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="button" class="btn danger" data-testid={confirmTestId} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
