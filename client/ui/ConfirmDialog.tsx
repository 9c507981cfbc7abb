// A modal question before an action with wide effects. The native <dialog>
// keeps focus inside and closes on Escape; "Cancel" has the focus first, so
// Enter alone never confirms.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  title: string;
  confirmLabel: string;
  cancelLabel: string;
  confirmTestId?: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ComponentChildren;
}

export function ConfirmDialog({
  title,
  confirmLabel,
  cancelLabel,
  confirmTestId = 'confirm-ok',
  busy,
  onConfirm,
  onCancel,
  children,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    ref.current?.showModal();
    // "Cancel" first, whatever control the question itself holds.
    cancel.current?.focus();
  }, []);
  return (
    <dialog ref={ref} class="confirm card" aria-labelledby="confirm-title" data-testid="confirm-dialog" onClose={onCancel}>
      <h2 id="confirm-title">{title}</h2>
      {children}
      <div class="actions">
        <button ref={cancel} type="button" class="btn" data-testid="confirm-cancel" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" class="btn danger" data-testid={confirmTestId} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
