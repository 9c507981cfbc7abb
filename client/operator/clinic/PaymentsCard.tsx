import type { Payment } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';

export function PaymentsCard({ payments }: { payments: Payment[] }) {
  const { t, num, money, dateTime } = useI18n();
  return (
    <section class="card op-card wide" aria-labelledby="payments-title">
      <h2 id="payments-title">{t.paymentsTitle}</h2>
      <div class="table-scroll">
        <table data-testid="payments-table">
          <thead>
            <tr>
              <th scope="col">{t.paidAt}</th>
              <th scope="col">{t.amount}</th>
              <th scope="col">{t.months}</th>
              <th scope="col">{t.method}</th>
              <th scope="col">{t.reference}</th>
            </tr>
          </thead>
          <tbody>
            {payments.length === 0 && (
              <tr>
                <td colSpan={5} class="muted">
                  {t.noPayments}
                </td>
              </tr>
            )}
            {payments.map((p) => (
              <tr
                key={p.id}
                data-testid="payment-row"
                data-reference={p.reference}
                data-amount-millimes={p.amountMillimes}
                data-months={p.months}
              >
                <td class="nowrap">{dateTime(p.paidAt)}</td>
                <td class="nowrap num">{money(p.amountMillimes)}</td>
                <td class="num">{num(p.months)}</td>
                <td>{p.provider ? `${t.methods[p.method]} · ${p.provider}` : t.methods[p.method]}</td>
                <td class="mono">
                  <bdi>{p.reference}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
