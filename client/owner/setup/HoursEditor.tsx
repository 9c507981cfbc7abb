// The weekly opening hours: each day closed or open in one or more spans (a
// lunch break is two), and the dates that override them (OverridesEditor).
// Saved as a whole: the API replaces the hours.
import { useState } from 'preact/hooks';
import { OpeningHours } from '../../../shared/opening-hours.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { OVERRIDE_WORDS } from '../i18n/hours-overrides.ts';
import { OverridesEditor } from './OverridesEditor.tsx';
import {
  DAY_ORDER,
  dayBefore,
  fromWeek,
  proposedSpan,
  rowValid,
  spanValid,
  toRows,
  toWeek,
  type OverrideRow,
  type Span,
  type Week,
} from './hours.ts';

interface Props {
  api: OwnerApi;
  base: string;
  onSaved: () => void;
}

export function HoursStep({ api, base, onSaved }: Props) {
  const hours = useLoad(() => api.get(`${base}/hours`, OpeningHours), [api, base]);
  return (
    <LoadState load={hours.load} onRetry={hours.reload}>
      {(h) => <HoursForm api={api} base={base} initial={toWeek(h)} initialOverrides={toRows(h.overrides)} onSaved={onSaved} />}
    </LoadState>
  );
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; text: string };

function HoursForm({ api, base, initial, initialOverrides, onSaved }: Props & { initial: Week; initialOverrides: OverrideRow[] }) {
  const { t, lang } = useI18n();
  const [week, setWeek] = useState(initial);
  const [overrides, setOverrides] = useState(initialOverrides);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const setDay = (weekday: number, spans: Span[]) => {
    setWeek((w) => w.map((d, i) => (i === weekday ? spans : d)));
    setStatus({ kind: 'idle' });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!week.every((day) => day.every(spanValid))) {
      setStatus({ kind: 'error', text: t.errSpan });
      return;
    }
    if (!overrides.every(rowValid)) {
      setStatus({ kind: 'error', text: OVERRIDE_WORDS[lang].errDates });
      return;
    }
    const body = OpeningHours.safeParse({ ...fromWeek(week), overrides });
    if (!body.success) {
      setStatus({ kind: 'error', text: t.errInvalid });
      return;
    }
    setStatus({ kind: 'saving' });
    const r = await api.send('PUT', `${base}/hours`, body.data, OpeningHours);
    if (!r.ok) {
      setStatus({ kind: 'error', text: errorText(t, r, t.errServer) });
      return;
    }
    setStatus({ kind: 'saved' });
    onSaved();
  };

  return (
    <form class="hours" onSubmit={submit} data-testid="hours-form">
      {DAY_ORDER.map((weekday) => {
        const before = dayBefore(weekday);
        return (
          <DayRow
            key={weekday}
            weekday={weekday}
            spans={week[weekday]!}
            before={before === null ? null : week[before]!}
            onChange={(s) => setDay(weekday, s)}
          />
        );
      })}
      <OverridesEditor
        rows={overrides}
        today={new Date().toISOString().slice(0, 10)}
        onChange={(rows) => {
          setOverrides(rows);
          setStatus({ kind: 'idle' });
        }}
      />
      <div class="form-actions">
        <button type="submit" class="btn primary" data-testid="hours-save" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? t.saving : t.save}
        </button>
        {status.kind === 'saved' && (
          <span class="ok-text" role="status" data-testid="hours-saved">
            {t.saved}
          </span>
        )}
        {status.kind === 'error' && (
          <span class="error" role="alert" data-testid="hours-error">
            {status.text}
          </span>
        )}
      </div>
    </form>
  );
}

interface DayProps {
  /** 0 = Sunday. */
  weekday: number;
  spans: Span[];
  /** The previous day's spans, to copy; null for the first day listed. */
  before: Span[] | null;
  onChange: (spans: Span[]) => void;
}

function DayRow({ weekday, spans, before, onChange }: DayProps) {
  const { t, num, weekday: dayName } = useI18n();
  const day = dayName(weekday === 0 ? 7 : weekday);
  const set = (i: number, patch: Partial<Span>) => onChange(spans.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset class="hours-day" data-testid={`hours-day-${weekday}`} data-spans={spans.length}>
      <legend>{day}</legend>
      <div class="hours-spans">
        {spans.length === 0 && <span class="muted">{t.closed}</span>}
        {spans.map((s, i) => {
          const n = num(i + 1);
          const invalid = s.open !== '' && s.close !== '' && !spanValid(s);
          return (
            <span key={i} class="hours-span">
              <input
                type="time"
                required
                aria-label={t.opensOn(day, n)}
                aria-invalid={invalid}
                data-testid={`hours-open-${weekday}-${i}`}
                value={s.open}
                onInput={(e) => set(i, { open: e.currentTarget.value })}
              />
              <span aria-hidden="true">–</span>
              <input
                type="time"
                required
                aria-label={t.closesOn(day, n)}
                aria-invalid={invalid}
                data-testid={`hours-close-${weekday}-${i}`}
                value={s.close}
                onInput={(e) => set(i, { close: e.currentTarget.value })}
              />
              <button
                type="button"
                class="btn icon danger-text"
                aria-label={t.removeSpan(day, n)}
                data-testid={`hours-remove-${weekday}-${i}`}
                onClick={() => onChange(spans.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </span>
          );
        })}
      </div>
      <div class="hours-tools">
        {before && (
          <button
            type="button"
            class="btn"
            aria-label={`${t.copyDayBefore} (${day})`}
            data-testid={`hours-copy-${weekday}`}
            onClick={() => onChange(before.map((s) => ({ ...s })))}
          >
            {t.copyDayBefore}
          </button>
        )}
        <button
          type="button"
          class="btn"
          aria-label={`${t.addSpan} (${day})`}
          data-testid={`hours-add-${weekday}`}
          onClick={() => onChange([...spans, proposedSpan(spans)])}
        >
          {t.addSpan}
        </button>
      </div>
    </fieldset>
  );
}
