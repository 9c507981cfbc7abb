// Across every section: a clinic whose payment is due, or that an operator
// suspended, must not find out from a tablet that stopped syncing.
import type { ClinicStatus } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';

export function StatusBanner({ status }: { status: ClinicStatus }) {
  const { t } = useI18n();
  if (status !== 'past_due' && status !== 'suspended') return null;
  const suspended = status === 'suspended';
  return (
    <p class={`banner ${suspended ? 'danger' : 'warn'}`} role="status" data-testid={suspended ? 'banner-suspended' : 'banner-past-due'}>
      <span>{suspended ? t.bannerSuspended : t.bannerPastDue}</span>
      <a href="#subscription">{t.seeSubscription}</a>
    </p>
  );
}
