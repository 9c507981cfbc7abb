import { STAFF_ROLES } from '../../../shared/auth.ts';
import type { OperatorClinicDetail } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import { Fact } from '../ui/Fact.tsx';

export function CountsCard({ counts }: { counts: OperatorClinicDetail['counts'] }) {
  const { t, num } = useI18n();
  return (
    <section class="card op-card" aria-labelledby="counts-title">
      <h2 id="counts-title">{t.countsTitle}</h2>
      <dl class="facts">
        {STAFF_ROLES.map((role) => (
          <Fact key={role} label={`${t.staff} · ${t.staffCounts[role]}`} testId={`count-staff-${role}`} value={counts.staff[role]}>
            {num(counts.staff[role])}
          </Fact>
        ))}
        <Fact label={t.devices} testId="count-devices" value={counts.devices}>
          {num(counts.devices)}
        </Fact>
        <Fact label={t.revokedDevices} testId="count-revoked-devices" value={counts.revokedDevices}>
          {num(counts.revokedDevices)}
        </Fact>
        <Fact label={t.doctors} testId="count-doctors" value={counts.doctors}>
          {num(counts.doctors)}
        </Fact>
        <Fact label={t.visitsAllTime} testId="count-visits-all-time" value={counts.visitsAllTime}>
          {num(counts.visitsAllTime)}
        </Fact>
      </dl>
    </section>
  );
}
