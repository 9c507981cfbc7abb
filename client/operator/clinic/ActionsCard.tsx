// The operator's actions on a clinic's subscription: plan, status, manual
// payment. One runs at a time; its outcome shows under its own form until
// the next one. A clinic its owner closed keeps only the payment: no plan or
// status reopens it (the server answers 409 already_closed).
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { OperatorClinicDetail, Payment, type OperatorClinicPatch, type Plan } from '../../../shared/saas.ts';
import type { ApiResult, OperatorApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { planName } from '../../i18n/plans.ts';
import type { Done, Outcome } from './Outcome.tsx';
import { PaymentForm } from './PaymentForm.tsx';
import { PlanForm } from './PlanForm.tsx';
import { StatusForm } from './StatusForm.tsx';

type ActionForm = 'plan' | 'status' | 'payment';

interface Props {
  api: OperatorApi;
  /** The clinic's operator-API path. */
  path: string;
  detail: OperatorClinicDetail;
  plans: Plan[] | null;
  onChanged: () => void;
}

export function ActionsCard({ api, path, detail, plans, onChanged }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<{ form: ActionForm; outcome: Outcome } | null>(null);

  const run = async (form: ActionForm, call: () => Promise<ApiResult<unknown>>, done: Done): Promise<boolean> => {
    setBusy(true);
    setLast(null);
    const r = await call();
    setBusy(false);
    setLast({ form, outcome: r.ok ? done : { ok: false, code: r.code } });
    if (r.ok) onChanged();
    return r.ok;
  };
  const patch = (body: z.input<typeof OperatorClinicPatch>) => () => api.send('PATCH', path, body, OperatorClinicDetail);
  const outcomeOf = (form: ActionForm) => (last?.form === form ? last.outcome : null);

  return (
    <section class="card op-card actions-card" aria-labelledby="actions-title">
      <h2 id="actions-title">{t.actionsTitle}</h2>
      {detail.clinic.closedAt === null && (
        <>
          <PlanForm
            current={detail.subscription.plan}
            plans={plans}
            busy={busy}
            outcome={outcomeOf('plan')}
            onApply={(plan) => run('plan', patch({ planId: plan.id }), { ok: true, words: (i) => i.t.planChanged(planName(plan, i.lang)) })}
          />
          <StatusForm
            clinicName={detail.clinic.name}
            current={detail.subscription.status}
            busy={busy}
            outcome={outcomeOf('status')}
            onApply={(status, note) =>
              run('status', patch({ status, note: note || undefined }), { ok: true, words: (i) => i.t.statusChanged(i.t.statuses[status]) })
            }
          />
        </>
      )}
      <PaymentForm
        plan={detail.subscription.plan}
        busy={busy}
        outcome={outcomeOf('payment')}
        onRecord={async (body) => {
          if (body) {
            const done: Done = {
              ok: true,
              words: (i) => i.t.paymentRecorded(i.money(body.amountMillimes), i.t.monthsCount(i.num(body.months))),
            };
            return run('payment', () => api.send('POST', `${path}/payments`, body, Payment), done);
          }
          // Fields the browser let through but the contract refuses: the server's own code for it, without the round trip.
          setLast({ form: 'payment', outcome: { ok: false, code: 'invalid_body' } });
          return false;
        }}
      />
    </section>
  );
}
