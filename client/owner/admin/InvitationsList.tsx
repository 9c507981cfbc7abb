// Invitations not yet accepted: who, which role, until when; cancelling one
// makes its link stop working.
import type { Invitation } from '../../../shared/staff.ts';
import { useI18n } from '../i18n/index.ts';

interface Props {
  invitations: Invitation[];
  busy: boolean;
  onCancel: (i: Invitation) => void;
}

export function InvitationsList({ invitations, busy, onCancel }: Props) {
  const { t, dateTime } = useI18n();
  if (invitations.length === 0) return null;
  return (
    <div class="sub-form">
      <h3>{t.invitationsTitle}</h3>
      <div class="table-scroll">
        <table data-testid="invitations-table">
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.email}</th>
              <th scope="col">{t.role}</th>
              <th scope="col">{t.invitedBy}</th>
              <th scope="col">{t.expiresOn}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {invitations.map((i) => (
              <tr key={i.id} data-testid="invitation-row" data-email={i.email}>
                <th scope="row">{i.name}</th>
                <td>
                  <bdi>{i.email}</bdi>
                </td>
                <td>{t.roles[i.role]}</td>
                <td>{i.invitedBy ?? ''}</td>
                <td>{dateTime(i.expiresAt)}</td>
                <td>
                  <button type="button" class="btn danger-text" data-testid="cancel-invitation" disabled={busy} onClick={() => onCancel(i)}>
                    {t.cancelInvitation}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
