import { useState } from 'preact/hooks';
import type { Plan } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import { planName } from '../../i18n/plans.ts';
import { OutcomeLine, type Outcome } from './Outcome.tsx';

interface Props {
  current: Plan;
  /** Null while they load or when they could not: only the current plan is offered then. */
  plans: Plan[] | null;
  busy: boolean;
  outcome: Outcome | null;
  onApply: (plan: Plan) => Promise<boolean>;
}

export function PlanForm({ current, plans, busy, outcome, onApply }: Props) {
  const { t, money, lang } = useI18n();
  const [picked, setPicked] = useState(current.id);
  const offered = plans ?? [current];
  const plan = offered.find((p) => p.id === picked);
  return (
    <form
      class="sub-form"
      data-testid="plan-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (plan) void onApply(plan);
      }}
    >
      <h3>{t.changePlan}</h3>
      <div class="form-row">
        <label class="field">
          <span>{t.newPlan}</span>
          <select data-testid="plan-select" value={picked} onChange={(e) => setPicked(e.currentTarget.value)}>
            {offered.map((p) => (
              <option key={p.id} value={p.id}>
                {`${planName(p, lang)} · ${t.perMonth(money(p.monthlyPriceMillimes))}`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn primary" data-testid="plan-apply" disabled={busy || !plan || picked === current.id}>
          {t.applyPlan}
        </button>
      </div>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}
