// Ticket numbers: the clinic's own letters (optional), then each tablet's
// series letter, so tablets that work offline never hand out the same ticket.
import { useState } from 'preact/hooks';
import { Settings } from '../../../shared/schemas.ts';
import { formatTicket, SELF_CHECKIN_SERIES, seriesForDevice, ticketSeries } from '../../../shared/tickets.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';

interface Props {
  api: OwnerApi;
  base: string;
  /** The prefix saved now. */
  prefix: string;
  onSaved: () => void;
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; text: string };

export function SeriesStep({ api, base, prefix, onSaved }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(prefix);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const valid = Settings.shape.ticketPrefix.safeParse(draft).success;
  const example = (device: number) => formatTicket(ticketSeries(valid ? draft : '', seriesForDevice(device)), 1);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!valid) {
      setStatus({ kind: 'error', text: t.errInvalid });
      return;
    }
    setStatus({ kind: 'saving' });
    const r = await api.send('PATCH', `${base}/settings`, { ticketPrefix: draft }, Settings);
    if (!r.ok) {
      setStatus({ kind: 'error', text: errorText(t, r, t.errServer) });
      return;
    }
    setStatus({ kind: 'saved' });
    onSaved();
  };

  return (
    <form class="series" onSubmit={submit} data-testid="prefix-form">
      <p>{t.stepSeriesText}</p>
      <label class="field">
        <span>{t.prefixLabel}</span>
        <input
          class="short"
          data-testid="prefix-input"
          dir="ltr"
          maxLength={4}
          pattern="[A-Z]*"
          autoComplete="off"
          aria-invalid={!valid}
          aria-describedby="prefix-example"
          value={draft}
          onInput={(e) => {
            setDraft(e.currentTarget.value.toUpperCase());
            setStatus({ kind: 'idle' });
          }}
        />
      </label>
      <p id="prefix-example" class="muted">
        {t.seriesExample(example(0), example(1))} {t.seriesSelfCheckIn(ticketSeries(valid ? draft : '', SELF_CHECKIN_SERIES))}
      </p>
      <div class="form-actions">
        <button type="submit" class="btn primary" data-testid="prefix-save" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? t.saving : t.save}
        </button>
        {status.kind === 'saved' && (
          <span class="ok-text" role="status" data-testid="prefix-saved">
            {t.saved}
          </span>
        )}
        {status.kind === 'error' && (
          <span class="error" role="alert" data-testid="prefix-error">
            {status.text}
          </span>
        )}
      </div>
    </form>
  );
}
