// Who works at the clinic, and adding someone with a role and a first password.
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { StaffList, type StaffMember } from '../schemas.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { AddStaffForm } from './AddStaffForm.tsx';

interface Props {
  api: OwnerApi;
  base: string;
}

export function StaffSection({ api, base }: Props) {
  const { t } = useI18n();
  const staff = useLoad(() => api.get(`${base}/staff`, StaffList), [api, base]);
  return (
    <section class="card admin-card" aria-labelledby="staff-title">
      <h2 id="staff-title">{t.staffTitle}</h2>
      <LoadState load={staff.load} onRetry={staff.reload}>
        {({ staff: list }) => <StaffTable staff={list} />}
      </LoadState>
      <AddStaffForm api={api} base={base} onAdded={staff.reload} />
    </section>
  );
}

function StaffTable({ staff }: { staff: StaffMember[] }) {
  const { t, dateTime } = useI18n();
  return (
    <div class="table-scroll">
      <table data-testid="staff-table">
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.email}</th>
            <th scope="col">{t.role}</th>
            <th scope="col">{t.addedOn}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} data-testid="staff-row" data-email={s.email}>
              <th scope="row">{s.name}</th>
              <td>
                <bdi>{s.email}</bdi>
              </td>
              <td>{t.roles[s.role]}</td>
              <td>{dateTime(s.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
