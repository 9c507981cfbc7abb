// Usage against the plan: a bar for each limit the plan sets, then the
// figures that have none. The bars are drawn for the eye; the text beside
// each says the same for everyone.
import type { Plan, Usage } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';

/** From this share of the limit on, the bar turns amber. */
const NEAR_LIMIT = 0.8;

interface Props {
  /** Null until the metering job has run once for this clinic. */
  usage: Usage | null;
  plan: Plan;
}

export function UsageCard({ usage, plan }: Props) {
  const { t, month, dateTime, num, bytes } = useI18n();
  return (
    <section class="card admin-card" aria-labelledby="usage-title">
      <h2 id="usage-title">{usage ? t.usageTitle(month(usage.month)) : t.usage}</h2>
      {usage === null ? (
        <p class="muted" data-testid="usage-none">
          {t.usageNotMeasured}
        </p>
      ) : (
        <>
          <div class="usage-bars">
            <UsageBar id="visits" label={t.usageVisits} used={usage.visits} limit={plan.maxMonthlyVisits} note={t.usageVisitsNote} />
            <UsageBar id="devices" label={t.usageDevices} used={usage.activeDevices} limit={plan.maxDevices} />
            <UsageBar id="doctors" label={t.usageDoctors} used={usage.doctors} limit={plan.maxDoctors} />
            <UsageBar id="sms" label={t.usageSms} used={usage.sms} limit={plan.smsPerMonth} note={t.usageSmsNote} />
          </div>
          <dl class="sub-facts">
            <div>
              <dt>{t.usagePushes}</dt>
              <dd data-testid="usage-pushes">{num(usage.pushes)}</dd>
            </div>
            <div>
              <dt>{t.usageStorage}</dt>
              <dd data-testid="usage-storage">{bytes(usage.storageBytes)}</dd>
            </div>
            <div>
              <dt>{t.usageLastSync}</dt>
              <dd data-testid="usage-last-sync">{usage.lastSyncAt ? dateTime(usage.lastSyncAt) : t.never}</dd>
            </div>
            <div>
              <dt>{t.usageLastActivity}</dt>
              <dd data-testid="usage-last-activity">{usage.lastActivityAt ? dateTime(usage.lastActivityAt) : t.never}</dd>
            </div>
          </dl>
          <p class="muted" data-testid="usage-as-of">
            {t.usageAsOf(dateTime(usage.computedAt))}
          </p>
        </>
      )}
    </section>
  );
}

interface BarProps {
  id: string;
  label: string;
  used: number;
  limit: number;
  note?: string;
}

function UsageBar({ id, label, used, limit, note }: BarProps) {
  const { t, num } = useI18n();
  // A limit of 0 allows nothing: any use is over it.
  const ratio = limit > 0 ? Math.min(used / limit, 1) : used > 0 ? 1 : 0;
  const over = used > limit;
  return (
    <div class="usage" data-testid={`usage-${id}`} data-used={used} data-limit={limit} data-over={String(over)}>
      <div class="usage-head">
        <span class="usage-label">{label}</span>
        <span class={over ? 'error' : undefined}>{t.usageOf(num(used), num(limit))}</span>
      </div>
      <div class="usage-bar" aria-hidden="true">
        <span class={over ? 'over' : ratio >= NEAR_LIMIT ? 'near' : undefined} style={{ inlineSize: `${ratio * 100}%` }} />
      </div>
      {note && <small class="muted">{note}</small>}
    </div>
  );
}
