// The desk's two screens, side by side as toggles above the queue column: the
// queue and the appointments. Buttons with a pressed state, so keyboards,
// touch and screen readers get the same switch.
import { useI18n } from '../i18n/index.ts';
import { APPOINTMENT_WORDS } from './words.ts';

export type Screen = 'queue' | 'appointments';

export function ScreenSwitch({ value, onChange }: { value: Screen; onChange: (s: Screen) => void }) {
  const { lang } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  return (
    <nav class="tabs screen-switch" aria-label={`${w.queueTab} / ${w.appointmentsTab}`}>
      {(['queue', 'appointments'] as const).map((s) => (
        <button key={s} type="button" class="tab" data-testid={`screen-${s}`} aria-pressed={value === s} onClick={() => onChange(s)}>
          {s === 'queue' ? w.queueTab : w.appointmentsTab}
        </button>
      ))}
    </nav>
  );
}
