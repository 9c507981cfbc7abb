// Takes a patient out of the queue, with the reason: the "removed and
// no-shows" list shows it and can put the patient back for the rest of the day.
import { useState } from 'preact/hooks';
import type { CancelReason, Entry } from '../../shared/schemas.ts';
import { DeskDialog } from './DeskDialog.tsx';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';
import { useI18n } from './i18n/index.ts';

/** What the desk may choose; `patient` is written only by the patient's own page. */
const DESK_REASONS = ['left', 'duplicate', 'other'] as const satisfies readonly CancelReason[];

interface Props {
  entry: Entry;
  actions: EntryActions;
  onClose: () => void;
}

export function RemoveDialog({ entry, actions, onClose }: Props) {
  const { t } = useI18n();
  const [reason, setReason] = useState<CancelReason>('left');
  const remove = () => {
    onClose();
    void actions.cancel(entry.id, reason).catch(reportWriteError);
  };
  return (
    <DeskDialog
      title={t.removeTitle(entry.ticket)}
      testId="remove-dialog"
      submitLabel={t.cancel}
      tone="danger"
      onSubmit={remove}
      onClose={onClose}
    >
      <p class="name">{entry.name}</p>
      <fieldset class="reasons">
        <legend>{t.removeWhy}</legend>
        {DESK_REASONS.map((r) => (
          <label key={r} class="check">
            <input
              type="radio"
              name="remove-reason"
              value={r}
              data-testid={`reason-${r}`}
              checked={reason === r}
              onChange={() => setReason(r)}
            />
            <span>{t.reason[r]}</span>
          </label>
        ))}
      </fieldset>
      <p class="muted">{t.removeHint}</p>
    </DeskDialog>
  );
}
