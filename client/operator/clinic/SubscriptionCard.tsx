import type { Subscription } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import { planName } from '../../i18n/plans.ts';
import { Fact } from '../ui/Fact.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';

export function SubscriptionCard({ subscription: s }: { subscription: Subscription }) {
  const { t, date, money, lang } = useI18n();
  return (
    <section class="card op-card" aria-labelledby="subscription-title">
      <h2 id="subscription-title">{t.subscriptionTitle}</h2>
      <dl class="facts">
        <Fact label={t.status} testId="detail-status" value={s.status}>
          <StatusBadge status={s.status} /> <span class="muted">{t.since(date(s.statusSince))}</span>
        </Fact>
        <Fact label={t.plan} testId="detail-plan" value={s.plan.id}>
          {planName(s.plan, lang)} <span class="muted">{t.perMonth(money(s.plan.monthlyPriceMillimes))}</span>
        </Fact>
        <Fact label={t.trialEnds} testId="detail-trial-ends" value={s.trialEndsAt ?? ''}>
          {s.trialEndsAt ? date(s.trialEndsAt) : t.none}
        </Fact>
        <Fact label={t.paidUntil} testId="detail-paid-until" value={s.paidUntil ?? ''}>
          {s.paidUntil ? date(s.paidUntil) : t.none}
        </Fact>
      </dl>
    </section>
  );
}
