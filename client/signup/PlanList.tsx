// The plans, for information: every clinic starts on the trial, and the
// operator moves it to a paid plan later. A list that cannot be loaded does
// not stop the sign-up.
import { useEffect, useState } from 'preact/hooks';
import type { Plan } from '../../shared/saas.ts';
import { useI18n } from './i18n/index.ts';
import { planName } from '../i18n/plans.ts';
import { loadPlans } from './signup.ts';

/** The plan a new clinic is on (migrations/0005_saas.sql). */
const TRIAL_PLAN = 'trial';
type State = { kind: 'loading' } | { kind: 'ok'; plans: Plan[]; trialDays: number } | { kind: 'failed' };

export function PlanList() {
  const { t, num } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    void loadPlans().then((r) =>
      setState(r.ok ? { kind: 'ok', plans: trialFirst(r.data.plans), trialDays: r.data.trialDays } : { kind: 'failed' }),
    );
  }, []);
  return (
    <section class="card plans" aria-labelledby="plans-title" data-testid="signup-plans">
      <h2 id="plans-title">{t.plansTitle}</h2>
      {state.kind === 'ok' && <p class="trial-note">{t.trialNote(num(state.trialDays))}</p>}
      <p class="muted">{t.afterTrial}</p>
      {state.kind === 'loading' && (
        <p class="muted" role="status">
          {t.loading}
        </p>
      )}
      {state.kind === 'failed' && <p class="muted">{t.plansFailed}</p>}
      {state.kind === 'ok' && (
        <ul class="plan-list">
          {state.plans.map((p) => (
            <PlanItem key={p.id} plan={p} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PlanItem({ plan }: { plan: Plan }) {
  const { t, num, money, lang } = useI18n();
  const trial = plan.id === TRIAL_PLAN;
  return (
    <li class={`plan${trial ? ' trial' : ''}`} data-testid="signup-plan" data-plan={plan.id}>
      <h3>{planName(plan, lang)}</h3>
      <p class="plan-price">{plan.monthlyPriceMillimes === 0 ? t.free : t.perMonth(money(plan.monthlyPriceMillimes))}</p>
      <ul class="plan-limits">
        <li>{t.planDevices(num(plan.maxDevices))}</li>
        <li>{t.planDoctors(num(plan.maxDoctors))}</li>
        <li>{t.planVisits(num(plan.maxMonthlyVisits))}</li>
        <li>{t.planSms(num(plan.smsPerMonth))}</li>
      </ul>
    </li>
  );
}

/** The server lists the cheapest first; the trial leads whatever its price. */
function trialFirst(plans: Plan[]): Plan[] {
  return [...plans].sort((a, b) => Number(b.id === TRIAL_PLAN) - Number(a.id === TRIAL_PLAN));
}
