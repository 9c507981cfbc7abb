// The returning patients matching what is typed at registration; choosing one
// fills the form. A list of buttons, so a tap or Tab and Enter choose.
import type { ReturningPatient } from '../../shared/returning.ts';
import { useI18n } from './i18n/index.ts';
import { DAY_CLOSE_WORDS } from './i18n/day-close.ts';

interface Props {
  patients: readonly ReturningPatient[];
  onChoose: (p: ReturningPatient) => void;
}

export function Suggestions({ patients, onChoose }: Props) {
  const { lang, num } = useI18n();
  const w = DAY_CLOSE_WORDS[lang];
  if (patients.length === 0) return null;
  return (
    <div class="suggestions" data-testid="returning">
      <p class="muted">{w.returningTitle}</p>
      <ul>
        {patients.map((p, i) => (
          <li key={`${p.name}|${p.phone ?? ''}`}>
            <button type="button" class="suggestion" data-testid={`returning-${i}`} onClick={() => onChoose(p)}>
              <bdi>{p.name}</bdi>
              {p.phone && (
                <span class="muted" dir="ltr">
                  {' '}
                  {p.phone}
                </span>
              )}
              <span class="muted"> · {w.returningCounts(num(p.visits), num(p.noShows))}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
