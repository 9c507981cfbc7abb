// One row a clinic, grouped by owner: an owner's branches under their email
// (the server sends each owner's clinics together). The name is a link
// (keyboard, new tab); a click anywhere on the row opens it too. Billing stays per clinic.
import type { OperatorClinicRow, Plan } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import { clinicHref } from '../route.ts';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { Ago } from '../ui/Ago.tsx';

interface Props {
  rows: OperatorClinicRow[];
  plans: Plan[] | null;
}

/** Consecutive rows of the same owner; the server orders each owner's clinics together. */
function byOwner(rows: OperatorClinicRow[]): OperatorClinicRow[][] {
  const groups: OperatorClinicRow[][] = [];
  for (const r of rows) {
    const last = groups.at(-1);
    if (last && r.ownerEmail !== null && last[0]!.ownerEmail === r.ownerEmail) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

export function ClinicTable({ rows, plans }: Props) {
  const { t, num } = useI18n();
  return (
    <div class="table-scroll">
      <table data-testid="clinic-table" class="clinics">
        <thead>
          <tr>
            <th scope="col">{t.clinic}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.plan}</th>
            <th scope="col">{t.owner}</th>
            <th scope="col">{t.visitsThisMonth}</th>
            <th scope="col">{t.activeDevices}</th>
            <th scope="col">{t.lastActivity}</th>
          </tr>
        </thead>
        {rows.length === 0 && (
          <tbody>
            <tr>
              <td colSpan={7} class="muted" data-testid="no-clinics">
                {t.noClinics}
              </td>
            </tr>
          </tbody>
        )}
        {byOwner(rows).map((group) => (
          <tbody key={group[0]!.id} data-testid="owner-group" data-owner-email={group[0]!.ownerEmail ?? ''}>
            <tr class="owner-group">
              <th scope="rowgroup" colSpan={7}>
                {group[0]!.ownerEmail ? <bdi dir="ltr">{t.ownerGroup(group[0]!.ownerEmail, num(group.length))}</bdi> : t.noOwner}
              </th>
            </tr>
            {group.map((c) => (
              <ClinicRow key={c.id} clinic={c} plan={plans?.find((p) => p.id === c.planId)} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function ClinicRow({ clinic: c, plan }: { clinic: OperatorClinicRow; plan: Plan | undefined }) {
  const { t, num } = useI18n();
  const href = clinicHref(c.id);
  const usage = c.usage;
  const over = usage !== null && plan !== undefined && usage.visits > plan.maxMonthlyVisits;
  return (
    <tr data-testid="clinic-row" data-clinic-id={c.id} class="clickable" onClick={() => (location.hash = href)}>
      <th scope="row">
        <a href={href} data-testid="clinic-link">
          {c.name}
        </a>
      </th>
      <td data-testid="clinic-status" data-status={c.closedAt ? 'closed' : c.status}>
        <StatusBadge status={c.status} closedAt={c.closedAt} purgeAfter={c.purgeAfter} />
      </td>
      <td data-testid="clinic-plan" data-plan-id={c.planId}>
        {plan?.name ?? c.planId}
      </td>
      <td>{c.ownerEmail ? <bdi dir="ltr">{c.ownerEmail}</bdi> : t.none}</td>
      <td
        data-testid="clinic-visits"
        data-value={usage?.visits ?? ''}
        data-limit={plan?.maxMonthlyVisits ?? ''}
        class={over ? 'nowrap over' : 'nowrap'}
      >
        {usage === null ? (
          <span class="muted">{t.notComputed}</span>
        ) : plan ? (
          t.ofLimit(num(usage.visits), num(plan.maxMonthlyVisits))
        ) : (
          num(usage.visits)
        )}
      </td>
      <td data-testid="clinic-devices" data-value={usage?.activeDevices ?? ''}>
        {usage === null ? t.none : num(usage.activeDevices)}
      </td>
      <td class="nowrap">{usage?.lastActivityAt ? <Ago at={usage.lastActivityAt} /> : t.never}</td>
    </tr>
  );
}
