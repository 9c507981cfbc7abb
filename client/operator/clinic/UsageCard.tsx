// The metering job's latest figures against the plan's limits. Visits past
// the limit are shown, never refused (docs/api.md, "Plans").
import type { Subscription } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import { Ago } from '../ui/Ago.tsx';
import { Fact } from '../ui/Fact.tsx';

export function UsageCard({ subscription: { usage, plan } }: { subscription: Subscription }) {
  const { t, bytes, dateTime, month } = useI18n();
  return (
    <section class="card op-card" aria-labelledby="usage-title">
      <h2 id="usage-title">{t.usageTitle}</h2>
      {usage === null ? (
        <p class="muted" data-testid="usage-not-computed">
          {t.usageNotComputed}
        </p>
      ) : (
        <>
          <p class="muted">{t.usageMonth(month(usage.month))}</p>
          <dl class="facts">
            <Limited label={t.visits} testId="usage-visits" used={usage.visits} limit={plan.maxMonthlyVisits} />
            <Limited label={t.devices} testId="usage-devices" used={usage.activeDevices} limit={plan.maxDevices} />
            <Limited label={t.doctors} testId="usage-doctors" used={usage.doctors} limit={plan.maxDoctors} />
            <Limited label={t.sms} testId="usage-sms" used={usage.sms} limit={plan.smsPerMonth} />
            <Limited label={t.pushes} testId="usage-pushes" used={usage.pushes} />
            <Fact label={t.storage} testId="usage-storage" value={usage.storageBytes}>
              {bytes(usage.storageBytes)}
            </Fact>
            <Fact label={t.lastSync} testId="usage-last-sync" value={usage.lastSyncAt ?? ''}>
              {usage.lastSyncAt ? <Ago at={usage.lastSyncAt} /> : t.never}
            </Fact>
            <Fact label={t.lastActivity} testId="usage-last-activity" value={usage.lastActivityAt ?? ''}>
              {usage.lastActivityAt ? <Ago at={usage.lastActivityAt} /> : t.never}
            </Fact>
          </dl>
          <p class="muted small" data-testid="usage-computed-at" data-value={usage.computedAt}>
            {t.asOf(dateTime(usage.computedAt))}
          </p>
        </>
      )}
    </section>
  );
}

interface LimitedProps {
  label: string;
  testId: string;
  used: number;
  /** None for what the plan does not limit. */
  limit?: number;
}

function Limited({ label, testId, used, limit }: LimitedProps) {
  const { t, num } = useI18n();
  const over = limit !== undefined && used > limit;
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={used} data-limit={limit} class={over ? 'over' : undefined}>
        {limit === undefined ? num(used) : t.ofLimit(num(used), num(limit))}
        {limit !== undefined && limit > 0 && (
          <span class="bar" aria-hidden="true">
            <span style={{ inlineSize: `${Math.min(100, (used / limit) * 100)}%` }} />
          </span>
        )}
      </dd>
    </div>
  );
}
