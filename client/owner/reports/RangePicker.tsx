// The report's period: a preset (last 7/28/90 days up to today, clinic time)
// or any from/to. A half-typed or reversed range is shown as such and not
// sent; the last good range stays on screen meanwhile.
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.ts';
import { isValidRange, lastDays, PRESET_DAYS, type Range } from './range.ts';

interface Props {
  range: Range;
  /** The clinic's today: the newest day a report can hold. */
  today: string;
  onChange: (r: Range) => void;
}

export function RangePicker({ range, today, onChange }: Props) {
  const { t, num } = useI18n();
  const [draft, setDraft] = useState(range);
  // A preset chosen, or another clinic: the inputs follow.
  useEffect(() => setDraft(range), [range]);
  const edit = (next: Range) => {
    setDraft(next);
    if (isValidRange(next)) onChange(next);
  };
  return (
    <fieldset class="range">
      <legend>{t.period}</legend>
      <div class="presets">
        {PRESET_DAYS.map((n) => {
          const preset = lastDays(n, today);
          const on = preset.from === range.from && preset.to === range.to;
          return (
            <button key={n} type="button" class="btn" data-testid={`range-preset-${n}`} aria-pressed={on} onClick={() => onChange(preset)}>
              {t.lastDays(num(n))}
            </button>
          );
        })}
      </div>
      <label class="field inline">
        <span>{t.from}</span>
        <input
          type="date"
          dir="ltr"
          data-testid="range-from"
          value={draft.from}
          max={today}
          onChange={(e) => edit({ ...draft, from: e.currentTarget.value })}
        />
      </label>
      <label class="field inline">
        <span>{t.to}</span>
        <input
          type="date"
          dir="ltr"
          data-testid="range-to"
          value={draft.to}
          max={today}
          onChange={(e) => edit({ ...draft, to: e.currentTarget.value })}
        />
      </label>
      {!isValidRange(draft) && (
        <p class="error" role="alert" data-testid="range-error">
          {t.errRange}
        </p>
      )}
    </fieldset>
  );
}
