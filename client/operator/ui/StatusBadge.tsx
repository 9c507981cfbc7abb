import type { ClinicStatus } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';

/** The status as a coloured word; the colour repeats the word, never replaces it. */
export function StatusBadge({ status }: { status: ClinicStatus }) {
  const { t } = useI18n();
  return <span class={`badge status-${status}`}>{t.statuses[status]}</span>;
}
