// The search box and the status filter. Typing waits for a pause before it
// asks the server; Enter asks at once. A new search starts on the first page.
import { useEffect, useState } from 'preact/hooks';
import { OPERATOR_STATUS_FILTERS, OperatorStatusFilter } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import type { ClinicQuery } from './ClinicList.tsx';

/** Long enough not to ask for every letter, short enough to feel immediate. */
const SEARCH_DELAY_MS = 300;
/** OperatorClinicQuery's limit. */
const MAX_QUERY = 120;

interface Props {
  query: ClinicQuery;
  onQuery: (update: (q: ClinicQuery) => ClinicQuery) => void;
}

export function ClinicFilters({ query, onQuery }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(query.q);
  const search = (q: string) => onQuery((cur) => (cur.q === q ? cur : { ...cur, q, offset: 0 }));
  useEffect(() => {
    const timer = setTimeout(() => search(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <search>
      <form
        class="op-filters"
        onSubmit={(e) => {
          e.preventDefault();
          search(text.trim());
        }}
      >
        <label class="field grow">
          <span>{t.search}</span>
          <input
            type="search"
            data-testid="clinic-search"
            maxLength={MAX_QUERY}
            autoComplete="off"
            placeholder={t.searchHint}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t.statusFilter}</span>
          <select
            data-testid="status-filter"
            value={query.status ?? ''}
            onChange={(e) => {
              const parsed = OperatorStatusFilter.safeParse(e.currentTarget.value);
              onQuery((cur) => ({ ...cur, status: parsed.success ? parsed.data : null, offset: 0 }));
            }}
          >
            <option value="">{t.allStatuses}</option>
            {OPERATOR_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t.statuses[s]}
              </option>
            ))}
          </select>
        </label>
      </form>
    </search>
  );
}
