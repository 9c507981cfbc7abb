// Moving a clinic between trial, active, past due and suspended. Suspending
// asks first and says what it does to the clinic's tablets.
import { useState } from 'preact/hooks';
import { CLINIC_STATUSES, ClinicStatus } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { OutcomeLine, type Outcome } from './Outcome.tsx';

/** OperatorClinicPatch's limit. */
const MAX_NOTE = 500;

interface Props {
  clinicName: string;
  current: ClinicStatus;
  busy: boolean;
  outcome: Outcome | null;
  onApply: (status: ClinicStatus, note: string) => Promise<boolean>;
}

export function StatusForm({ clinicName, current, busy, outcome, onApply }: Props) {
  const { t } = useI18n();
  const [status, setStatus] = useState(current);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);

  const apply = async () => {
    const ok = await onApply(status, note.trim());
    setConfirming(false);
    if (ok) setNote('');
  };

  return (
    <form
      class="sub-form"
      data-testid="status-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (status === 'suspended') setConfirming(true);
        else void apply();
      }}
    >
      <h3>{t.changeStatus}</h3>
      <div class="form-row">
        <label class="field">
          <span>{t.newStatus}</span>
          <select
            data-testid="status-select"
            value={status}
            onChange={(e) => {
              const parsed = ClinicStatus.safeParse(e.currentTarget.value);
              if (parsed.success) setStatus(parsed.data);
            }}
          >
            {CLINIC_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.statuses[s]}
              </option>
            ))}
          </select>
        </label>
        <label class="field grow">
          <span>{t.note}</span>
          <input
            data-testid="status-note"
            maxLength={MAX_NOTE}
            autoComplete="off"
            aria-describedby="status-note-hint"
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn primary" data-testid="status-apply" disabled={busy || status === current}>
          {t.applyStatus}
        </button>
      </div>
      <small id="status-note-hint" class="muted">
        {t.noteHint}
      </small>
      <OutcomeLine outcome={outcome} />
      {confirming && (
        <ConfirmDialog
          title={t.suspendTitle(clinicName)}
          confirmLabel={t.confirmSuspend}
          cancelLabel={t.cancel}
          busy={busy}
          onConfirm={() => void apply()}
          onCancel={() => setConfirming(false)}
        >
          <ul class="suspend-points">
            {t.suspendPoints.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </form>
  );
}
