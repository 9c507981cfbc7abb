// Every clinic of the service, newest first: searched by name or owner email,
// filtered by status, a page at a time.
import { OperatorClinicList, type OperatorStatusFilter, type Plan } from '../../../shared/saas.ts';
import { useLoad } from '../../ui/useLoad.ts';
import type { OperatorApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { ClinicFilters } from './ClinicFilters.tsx';
import { ClinicTable } from './ClinicTable.tsx';
import { Pager } from './Pager.tsx';

const PAGE_SIZE = 25;

export interface ClinicQuery {
  q: string;
  status: OperatorStatusFilter | null;
  offset: number;
}
export const FIRST_PAGE: ClinicQuery = { q: '', status: null, offset: 0 };

interface Props {
  api: OperatorApi;
  /** Null until loaded (or when they could not be): rows then name the plan by its id. */
  plans: Plan[] | null;
  query: ClinicQuery;
  /** Takes an update, not a value: a search that fires after a pause must not undo a filter picked meanwhile. */
  onQuery: (update: (q: ClinicQuery) => ClinicQuery) => void;
}

export function ClinicList({ api, plans, query, onQuery }: Props) {
  const { t } = useI18n();
  const { q, status, offset } = query;
  const clinics = useLoad(() => api.get(`/api/operator/clinics?${searchParams(query)}`, OperatorClinicList), [api, q, status, offset]);
  return (
    <section class="op-section" aria-labelledby="clinics-title">
      <h1 id="clinics-title">{t.clinicsTitle}</h1>
      <ClinicFilters query={query} onQuery={onQuery} />
      <LoadState load={clinics.load} onRetry={clinics.reload}>
        {({ clinics: rows, total }) => (
          <>
            <ClinicTable rows={rows} plans={plans} />
            <Pager
              offset={offset}
              shown={rows.length}
              total={total}
              pageSize={PAGE_SIZE}
              onOffset={(o) => onQuery((cur) => ({ ...cur, offset: o }))}
            />
          </>
        )}
      </LoadState>
    </section>
  );
}

function searchParams({ q, status, offset }: ClinicQuery): string {
  const p = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (q) p.set('q', q);
  if (status) p.set('status', status);
  return p.toString();
}
