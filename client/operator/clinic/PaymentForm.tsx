// A payment received outside the provider (bank transfer, cash at the office):
// it extends "paid until" by its months and makes the clinic active.
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { ManualPaymentBody, type Plan } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import { planName } from '../../i18n/plans.ts';
import { OutcomeLine, type Outcome } from './Outcome.tsx';

const MILLIMES_PER_DINAR = 1000;
/** ManualPaymentBody's limits, for the browser's own checks. */
const MAX_MONTHS = 36;
const MAX_REFERENCE = 120;

type Body = z.infer<typeof ManualPaymentBody>;

interface Props {
  /** The clinic's plan: its monthly price is the usual amount. */
  plan: Plan;
  busy: boolean;
  outcome: Outcome | null;
  /** Null when the fields do not make a valid payment. */
  onRecord: (body: Body | null) => Promise<boolean>;
}

const EMPTY = { amount: '', months: '1', reference: '' };

export function PaymentForm({ plan, busy, outcome, onRecord }: Props) {
  const { t, money, lang } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const set = (patch: Partial<typeof EMPTY>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = ManualPaymentBody.safeParse({
      // Rounded: in floating point 1.005 dinars × 1000 is 1004.999… millimes.
      amountMillimes: Math.round(Number(form.amount) * MILLIMES_PER_DINAR),
      months: Number(form.months),
      reference: form.reference,
    });
    if (await onRecord(parsed.success ? parsed.data : null)) setForm(EMPTY);
  };

  return (
    <form class="sub-form" data-testid="payment-form" onSubmit={submit}>
      <h3>{t.recordPayment}</h3>
      <div class="form-row">
        <label class="field">
          <span>{t.amountTnd}</span>
          <input
            data-testid="payment-amount"
            type="number"
            inputMode="decimal"
            dir="ltr"
            required
            min="0.001"
            step="0.001"
            aria-describedby="payment-amount-hint"
            value={form.amount}
            onInput={(e) => set({ amount: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>{t.monthsPaid}</span>
          <input
            data-testid="payment-months"
            class="short"
            type="number"
            inputMode="numeric"
            dir="ltr"
            required
            min="1"
            max={MAX_MONTHS}
            step="1"
            value={form.months}
            onInput={(e) => set({ months: e.currentTarget.value })}
          />
        </label>
        <label class="field grow">
          <span>{t.reference}</span>
          <input
            data-testid="payment-reference"
            dir="ltr"
            required
            maxLength={MAX_REFERENCE}
            autoComplete="off"
            value={form.reference}
            onInput={(e) => set({ reference: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="btn primary" data-testid="payment-record" disabled={busy}>
          {t.record}
        </button>
      </div>
      <small id="payment-amount-hint" class="muted">
        {`${planName(plan, lang)} · ${t.perMonth(money(plan.monthlyPriceMillimes))}`}
      </small>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}
