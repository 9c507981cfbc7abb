// The desk's modal questions (edit a visit, remove it, a doctor's break). The
// native <dialog> keeps focus inside and closes on Escape; its first field or
// button gets the focus, and "Back" never reads as the cancel of a visit.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from './i18n/index.ts';

interface Props {
  title: string;
  testId: string;
  /** None: the dialog's own buttons act, and only "Back" closes it. */
  submitLabel?: string;
  /** The action button's look: `danger` for taking a patient out of the queue. */
  tone?: 'primary' | 'danger';
  onSubmit?: () => void;
  onClose: () => void;
  children: ComponentChildren;
}

export function DeskDialog({ title, testId, submitLabel, tone = 'primary', onSubmit, onClose, children }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('input, select, button:not([data-testid="dialog-back"])')?.focus();
  }, []);
  return (
    <dialog ref={ref} class="desk-dialog card" aria-labelledby={`${testId}-title`} data-testid={testId} onClose={onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.();
        }}
      >
        <h2 id={`${testId}-title`}>{title}</h2>
        {children}
        <div class="actions">
          <button type="button" class="btn" data-testid="dialog-back" onClick={onClose}>
            {t.back}
          </button>
          {submitLabel && (
            <button type="submit" class={`btn ${tone}`} data-testid="dialog-submit">
              {submitLabel}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
