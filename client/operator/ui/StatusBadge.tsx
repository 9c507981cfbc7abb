import type { ClinicStatus } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';

interface Props {
  status: ClinicStatus;
  /** Closed by its owner: "closed" whatever its subscription status, with the close and purge dates. */
  closedAt?: string | null;
  purgeAfter?: string | null;
}

/** The status as a coloured word; the colour repeats the word, never replaces it. */
export function StatusBadge({ status, closedAt = null, purgeAfter = null }: Props) {
  const { t, date } = useI18n();
  if (closedAt === null) return <span class={`badge status-${status}`}>{t.statuses[status]}</span>;
  return (
    <span class="closed-status" data-testid="closed-status">
      <span class="badge status-closed">{t.statuses.closed}</span>
      <small>{t.closedOn(date(closedAt))}</small>
      {purgeAfter && <small>{t.purgeOn(date(purgeAfter))}</small>}
    </span>
  );
}
