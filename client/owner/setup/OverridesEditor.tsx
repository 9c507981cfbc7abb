// Date overrides of the opening hours (shared/opening-hours.ts): a holiday is
// a run of days closed all day, Ramadan a month of other hours. Each row: the
// dates, then "closed all day" or its spans.
import { MAX_OVERRIDES } from '../../../shared/opening-hours.ts';
import { useI18n } from '../i18n/index.ts';
import { OVERRIDE_WORDS } from '../i18n/hours-overrides.ts';
import { proposedSpan, type OverrideRow } from './hours.ts';

interface Props {
  rows: OverrideRow[];
  today: string;
  onChange: (rows: OverrideRow[]) => void;
}

export function OverridesEditor({ rows, today, onChange }: Props) {
  const { lang } = useI18n();
  const w = OVERRIDE_WORDS[lang];
  const set = (i: number, patch: Partial<OverrideRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset class="hours-overrides" data-testid="hours-overrides">
      <legend>{w.title}</legend>
      <p class="muted">{w.intro}</p>
      {rows.map((r, i) => (
        <div key={i} class="hours-override" data-testid={`override-${i}`}>
          <label>
            {w.from}{' '}
            <input
              type="date"
              required
              value={r.from}
              data-testid={`override-from-${i}`}
              onInput={(e) => set(i, { from: e.currentTarget.value })}
            />
          </label>{' '}
          <label>
            {w.to}{' '}
            <input
              type="date"
              required
              value={r.to}
              data-testid={`override-to-${i}`}
              onInput={(e) => set(i, { to: e.currentTarget.value })}
            />
          </label>{' '}
          <label class="check">
            <input
              type="checkbox"
              checked={r.spans.length === 0}
              data-testid={`override-closed-${i}`}
              onChange={(e) => set(i, { spans: e.currentTarget.checked ? [] : [proposedSpan([])] })}
            />
            <span>{w.closedAllDay}</span>
          </label>
          {r.spans.map((s, k) => (
            <span key={k} class="hours-span">
              <input
                type="time"
                required
                aria-label={w.opens}
                value={s.open}
                data-testid={`override-open-${i}-${k}`}
                onInput={(e) => set(i, { spans: r.spans.map((x, j) => (j === k ? { ...x, open: e.currentTarget.value } : x)) })}
              />
              <span aria-hidden="true">–</span>
              <input
                type="time"
                required
                aria-label={w.closes}
                value={s.close}
                data-testid={`override-close-${i}-${k}`}
                onInput={(e) => set(i, { spans: r.spans.map((x, j) => (j === k ? { ...x, close: e.currentTarget.value } : x)) })}
              />
            </span>
          ))}
          <button
            type="button"
            class="btn danger-text"
            data-testid={`override-remove-${i}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {w.remove}
          </button>
        </div>
      ))}
      {rows.length < MAX_OVERRIDES && (
        <button
          type="button"
          class="btn"
          data-testid="override-add"
          onClick={() => onChange([...rows, { from: today, to: today, spans: [] }])}
        >
          {w.add}
        </button>
      )}
    </fieldset>
  );
}
