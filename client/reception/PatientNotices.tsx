// What patients did from their phones, shown on the tablet as soon as it
// replicates: check-ins from afar waiting for "I'm here" (the receptionist can
// mark them arrived), and visits the patient cancelled.
import type { Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';

/** The latest few are what the desk needs; the owner's reports have the rest. */

export function ExpectedList({ expected, readOnly, actions }: { expected: readonly Entry[]; readOnly: boolean; actions: EntryActions }) {
  const { t, num } = useI18n();
  if (expected.length === 0) return null;
  return (
    <section class="card noshows" aria-labelledby="expected-title" data-testid="expected">
      <h2 id="expected-title">
        {t.expectedTitle} <span class="count">{num(expected.length)}</span>
      </h2>
      <p class="muted">{t.expectedHint}</p>
      <ul class="noshow-list">
        {expected.map((e) => (
          <li key={e.id} class="noshow-row" data-testid="expected-row" data-entry-id={e.id} data-ticket={e.ticket}>
            <span class="ticket" dir="ltr">
              {e.ticket}
            </span>
            <span class="who">
              <span class="name">{e.name}</span>
            </span>
            <button
              type="button"
              class="btn"
              data-testid="mark-arrived"
              aria-label={`${t.markArrived}: ${e.ticket} ${e.name}`}
              disabled={readOnly}
              onClick={() => void actions.markArrived(e.id).catch(reportWriteError)}
            >
              {t.markArrived}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
