// What a waiting patient can do from their ticket: running late, let others
// pass, cancel (confirmed first); and, for a check-in from afar the clinic
// wants confirmed, "I'm here". Each tap is one request; the result comes back
// by the stream, as the reception sees it.
import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { LATE_MINUTES, type PatientAction } from '../../shared/patient-actions.ts';
import { newRequestId } from '../checkin/api.ts';
import { sendAction } from './actions.ts';
import { useI18n } from './messages.ts';
import type { PatientView } from './view.ts';

interface Props {
  token: string;
  view: PatientView;
  now: number;
}

export function PatientActions({ token, view, now }: Props) {
  const { t, time, minutes } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [choosingLate, setChoosingLate] = useState(false);

  const run = async (action: PatientAction) => {
    setBusy(true);
    setError(null);
    // One id per tap: a retry of the same tap is recognised by the server and done once. (Made without
    // crypto.randomUUID, which a clinic's LAN address over plain HTTP does not have.)
    const code = await sendAction(token, action, newRequestId());
    setBusy(false);
    setChoosingLate(false);
    setConfirming(false);
    if (code) setError(code);
  };

  const late = view.status === 'waiting' && view.lateUntil !== null && view.lateUntil > now;
  return (
    <section class="card patient-actions" aria-label={t.actionsLabel}>
      {late && (
        <p class="late-note" data-testid="late-until" role="status">
          {t.lateUntil(time(view.lateUntil!))}
        </p>
      )}
      {view.status === 'expected' && (
        <>
          <p class="muted">{t.expectedText}</p>
          <button type="button" class="btn wide primary" data-testid="im-here" disabled={busy} onClick={() => void run({ action: 'here' })}>
            {t.imHere}
          </button>
        </>
      )}
      {view.status === 'waiting' &&
        (choosingLate ? (
          <fieldset class="late-choice">
            <legend>{t.lateQuestion}</legend>
            {LATE_MINUTES.map((m) => (
              <button
                key={m}
                type="button"
                class="btn"
                data-testid={`late-${m}`}
                disabled={busy}
                onClick={() => void run({ action: 'late', minutes: m })}
              >
                {minutes(m)}
              </button>
            ))}
            <button type="button" class="btn" onClick={() => setChoosingLate(false)}>
              {t.back}
            </button>
          </fieldset>
        ) : (
          <div class="action-row">
            <button type="button" class="btn" data-testid="running-late" disabled={busy} onClick={() => setChoosingLate(true)}>
              {t.runningLate}
            </button>
            <button type="button" class="btn" data-testid="let-pass" disabled={busy} onClick={() => void run({ action: 'let_pass' })}>
              {t.letPass}
            </button>
          </div>
        ))}
      <button type="button" class="btn wide danger-text" data-testid="cancel-visit" disabled={busy} onClick={() => setConfirming(true)}>
        {t.cancelVisit}
      </button>
      {error && (
        <p class="muted small" role="alert" data-testid="action-error" data-code={error}>
          {t.actionError(error)}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t.cancelConfirmTitle}
          confirmLabel={t.cancelConfirm}
          cancelLabel={t.cancelKeep}
          confirmTestId="confirm-cancel-yes"
          busy={busy}
          onConfirm={() => void run({ action: 'cancel' })}
          onCancel={() => setConfirming(false)}
        >
          <p>{t.cancelConfirmText}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
