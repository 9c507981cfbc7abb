import type { Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';

interface Props {
  noShows: readonly Entry[];
  readOnly: boolean;
  actions: EntryActions;
}

export function NoShows({ noShows, readOnly, actions }: Props) {
  const { t, num, time } = useI18n();
  if (noShows.length === 0) return null;
  return (
    <section class="card noshows" aria-labelledby="noshows-title">
      <h2 id="noshows-title">
        {t.noShowsTitle} <span class="count">{num(noShows.length)}</span>
      </h2>
      <ul class="noshow-list">
        {noShows.map((e) => (
          <li key={e.id} class="noshow-row" data-testid="noshow-row" data-entry-id={e.id} data-ticket={e.ticket}>
            <span class="ticket" dir="ltr">
              {e.ticket}
            </span>
            <span class="who">
              <span class="name">{e.name}</span>
              {e.endedAt !== null && <span class="meta muted">{time(e.endedAt)}</span>}
            </span>
            <button
              type="button"
              class="btn"
              data-testid="recall"
              disabled={readOnly}
              onClick={() => void actions.recall(e.id).catch(reportWriteError)}
            >
              {t.recall}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
