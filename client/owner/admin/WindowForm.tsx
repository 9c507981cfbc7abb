// How many past days of visits the clinic's tablets keep (shared/window.ts):
// a clinic setting apart from the replicated settings document, saved on its
// own (PUT /window). Tablets apply it at their next pull.
import { useEffect, useState } from 'preact/hooks';
import { LocalWindow, MAX_PAST_DAYS } from '../../../shared/window.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { NumberField } from '../../ui/NumberField.tsx';

interface Props {
  api: OwnerApi;
  base: string;
}

export function WindowSection({ api, base }: Props) {
  const loaded = useLoad(() => api.get(`${base}/window`, LocalWindow), [api, base]);
  return (
    <LoadState load={loaded.load} onRetry={loaded.reload}>
      {(w) => <WindowForm api={api} base={base} initial={w} />}
    </LoadState>
  );
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; code: string };

function WindowForm({ api, base, initial }: Props & { initial: LocalWindow }) {
  const { t } = useI18n();
  /** Text while typed, so a cleared field is not silently 0. */
  const [draft, setDraft] = useState(String(initial.pastDays));
  const [saved, setSaved] = useState(initial.pastDays);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  useEffect(() => {
    setDraft(String(initial.pastDays));
    setSaved(initial.pastDays);
  }, [initial]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = LocalWindow.safeParse({ pastDays: draft.trim() === '' ? Number.NaN : Number(draft) });
    if (!body.success) {
      setStatus({ kind: 'error', code: 'invalid_body' });
      return;
    }
    if (body.data.pastDays === saved) {
      setStatus({ kind: 'saved' });
      return;
    }
    setStatus({ kind: 'saving' });
    const r = await api.send('PUT', `${base}/window`, body.data, LocalWindow);
    if (!r.ok) {
      setStatus({ kind: 'error', code: r.code });
      return;
    }
    setSaved(r.data.pastDays);
    setStatus({ kind: 'saved' });
  };

  return (
    <form class="settings" onSubmit={submit} data-testid="window-form">
      <div class="form-grid">
        <NumberField
          label={t.windowPastDays}
          testId="window-past-days"
          min={0}
          max={MAX_PAST_DAYS}
          describedBy="window-hint"
          hint={t.windowPastDaysHint(MAX_PAST_DAYS)}
          value={draft}
          onInput={(v) => {
            setDraft(v);
            setStatus({ kind: 'idle' });
          }}
        />
      </div>
      <div class="form-actions">
        <button type="submit" class="btn primary" data-testid="window-save" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? t.saving : t.save}
        </button>
        {status.kind === 'saved' && (
          <span class="ok-text" role="status" data-testid="window-saved">
            {t.saved}
          </span>
        )}
        {status.kind === 'error' && (
          <span class="error" role="alert" data-testid="window-error" data-error={status.code}>
            {errorText(t, status.code, t.errServer)}
          </span>
        )}
      </div>
    </form>
  );
}
