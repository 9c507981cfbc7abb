// The day's patients taken out of the queue: no-shows and removed visits, the
// latest first. Any of them can go back to their own place for the rest of
// the day (a removal is never final at the desk); a no-show can also be
// recalled, second in line.
import type { Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';

interface Props {
  /** Cancelled and no-show entries, in the order to show them (shared/corrections.ts endedEarly). */
  ended: readonly Entry[];
  readOnly: boolean;
  actions: EntryActions;
}

const run = (action: Promise<void>) => void action.catch(reportWriteError);

export function EndedList({ ended, readOnly, actions }: Props) {
  const { t, num, time } = useI18n();
  if (ended.length === 0) return null;
  return (
    <section class="card noshows" aria-labelledby="ended-title">
      <h2 id="ended-title">
        {t.endedTitle} <span class="count">{num(ended.length)}</span>
      </h2>
      <ul class="noshow-list">
        {ended.map((e) => {
          const label = `${e.ticket} ${e.name}`;
          const why = e.status === 'no_show' ? t.noShow : `${t.removed} · ${t.reason[e.cancelReason ?? 'other']}`;
          return (
            <li
              key={e.id}
              class="noshow-row"
              data-testid="ended-row"
              data-entry-id={e.id}
              data-ticket={e.ticket}
              data-status={e.status}
              data-reason={e.cancelReason ?? undefined}
            >
              <span class="ticket" dir="ltr">
                {e.ticket}
              </span>
              <span class="who">
                <span class="name">{e.name}</span>
                <span class="meta muted">
                  {why}
                  {e.endedAt !== null && ` · ${time(e.endedAt)}`}
                </span>
              </span>
              <span class="row-actions">
                {e.status === 'no_show' && (
                  <button
                    type="button"
                    class="btn"
                    data-testid="recall"
                    aria-label={`${t.recall}: ${label}`}
                    disabled={readOnly}
                    onClick={() => run(actions.recall(e.id))}
                  >
                    {t.recall}
                  </button>
                )}
                <button
                  type="button"
                  class="btn"
                  data-testid="restore"
                  aria-label={`${t.restore}: ${label}`}
                  disabled={readOnly}
                  onClick={() => run(actions.restore(e.id))}
                >
                  {t.restore}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
