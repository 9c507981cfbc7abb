// The clinic's plan, what its status means for the tablets, and the usage the
// metering job last computed against the plan's limits.
import { useEffect } from 'preact/hooks';
import type { Subscription } from '../../../shared/saas.ts';
import { useI18n, type OwnerMessages } from '../i18n/index.ts';
import { planName } from '../../i18n/plans.ts';
import { LoadState } from '../ui/LoadState.tsx';
import type { Loaded } from '../../ui/useLoad.ts';
import { UsageCard } from './UsageCard.tsx';

interface Props {
  /** Loaded with the banner's; opening the section asks again. */
  subscription: Loaded<Subscription>;
}

export function SubscriptionView({ subscription }: Props) {
  useEffect(() => {
    subscription.reload();
  }, []);
  return (
    <LoadState load={subscription.load} onRetry={subscription.reload}>
      {(s) => (
        <div class="subscription">
          <PlanCard subscription={s} />
          <UsageCard usage={s.usage} plan={s.plan} />
        </div>
      )}
    </LoadState>
  );
}

function PlanCard({ subscription: s }: { subscription: Subscription }) {
  const { t, money, date, lang } = useI18n();
  const price = s.plan.monthlyPriceMillimes === 0 ? t.free : t.perMonth(money(s.plan.monthlyPriceMillimes));
  const meaning = statusMeaning(t, s, date);
  return (
    <section class="card admin-card" aria-labelledby="sub-title">
      <h2 id="sub-title">{t.subscriptionTitle}</h2>
      <dl class="sub-facts">
        <div>
          <dt>{t.plan}</dt>
          <dd data-testid="sub-plan" data-plan={s.plan.id}>
            <strong>{planName(s.plan, lang)}</strong>
            <span>{price}</span>
          </dd>
        </div>
        <div>
          <dt>{t.status}</dt>
          <dd data-testid="sub-status" data-status={s.status}>
            <span class={`tag ${STATUS_TONE[s.status]}`}>{t.statusNames[s.status]}</span>{' '}
            <span class="muted">{t.statusSince(date(s.statusSince))}</span>
            {meaning && <p data-testid="sub-meaning">{meaning}</p>}
          </dd>
        </div>
      </dl>
    </section>
  );
}

const STATUS_TONE: Record<Subscription['status'], string> = { trial: 'ok', active: 'ok', past_due: 'warn', suspended: 'danger' };

function statusMeaning(t: OwnerMessages, s: Subscription, date: (at: string) => string): string | null {
  switch (s.status) {
    case 'trial':
      return s.trialEndsAt ? t.trialEndsOn(date(s.trialEndsAt)) : null;
    case 'active':
      return s.paidUntil ? t.paidUntil(date(s.paidUntil)) : null;
    case 'past_due':
      return t.pastDueMeaning;
    case 'suspended':
      return t.suspendedMeaning;
  }
}
