// Who works at the clinic: change a role, send a password reset, remove
// someone (their sessions and the tablets they enrolled end at once); invite
// by email, and the invitations still open.
import { useState } from 'preact/hooks';
import { z } from 'zod';
import type { StaffRole } from '../../../shared/auth.ts';
import { InvitationList, type Invitation } from '../../../shared/staff.ts';
import type { ApiResult, OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { StaffList, type StaffMember } from '../schemas.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { errorText } from '../ui/errors.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { InvitationsList } from './InvitationsList.tsx';
import { InviteForm, ROLES } from './InviteForm.tsx';

const Answer = z.unknown();

interface Props {
  api: OwnerApi;
  base: string;
}

export function StaffSection({ api, base }: Props) {
  const { t } = useI18n();
  const staff = useLoad(() => api.get(`${base}/staff`, StaffList), [api, base]);
  const invitations = useLoad(() => api.get(`${base}/invitations`, InvitationList), [api, base]);
  const [removing, setRemoving] = useState<StaffMember | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  /** One action at a time; its outcome in the one message line, and the lists fresh afterwards. */
  const act = async (run: () => Promise<ApiResult<unknown>>, done: string | null) => {
    setBusy(true);
    setMessage(null);
    const r = await run();
    setBusy(false);
    if (!r.ok) setMessage({ ok: false, text: errorText(t, r, t.errServer) });
    else if (done) setMessage({ ok: true, text: done });
    staff.reload();
    invitations.reload();
  };
  const member = (s: StaffMember) => `${base}/staff/${encodeURIComponent(s.id)}`;

  return (
    <section class="card admin-card" aria-labelledby="staff-title">
      <h2 id="staff-title">{t.staffTitle}</h2>
      {message && (
        <p class={message.ok ? 'ok-text' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="staff-message">
          {message.text}
        </p>
      )}
      <LoadState load={staff.load} onRetry={staff.reload}>
        {({ staff: list }) => (
          <StaffTable
            staff={list}
            busy={busy}
            onRole={(s, role) => void act(() => api.send('PATCH', member(s), { role }, Answer), t.roleChanged(s.name))}
            onReset={(s) => void act(() => api.send('POST', `${member(s)}/password-reset`, {}, Answer), t.resetSent(s.name))}
            onRemove={setRemoving}
          />
        )}
      </LoadState>
      <LoadState load={invitations.load} onRetry={invitations.reload}>
        {({ invitations: list }) => (
          <InvitationsList
            invitations={list}
            busy={busy}
            onCancel={(i: Invitation) => void act(() => api.empty('DELETE', `${base}/invitations/${encodeURIComponent(i.id)}`), null)}
          />
        )}
      </LoadState>
      <InviteForm api={api} base={base} onInvited={invitations.reload} />
      {removing && (
        <ConfirmDialog
          title={t.removeTitle(removing.name)}
          confirmLabel={t.confirmRemove}
          cancelLabel={t.cancel}
          confirmTestId="confirm-remove"
          busy={busy}
          onConfirm={() => {
            const s = removing;
            setRemoving(null);
            void act(() => api.empty('DELETE', member(s)), null);
          }}
          onCancel={() => setRemoving(null)}
        >
          <p>{t.removeText}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface TableProps {
  staff: StaffMember[];
  busy: boolean;
  onRole: (s: StaffMember, role: StaffRole) => void;
  onReset: (s: StaffMember) => void;
  onRemove: (s: StaffMember) => void;
}

function StaffTable({ staff, busy, onRole, onReset, onRemove }: TableProps) {
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
            <th scope="col">{t.staffActions}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} data-testid="staff-row" data-email={s.email} data-role={s.role}>
              <th scope="row">{s.name}</th>
              <td>
                <bdi>{s.email}</bdi>
              </td>
              <td>
                <select
                  data-testid="staff-role"
                  aria-label={t.roleOf(s.name)}
                  value={s.role}
                  disabled={busy}
                  onChange={(e) => onRole(s, e.currentTarget.value as StaffRole)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t.roles[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td>{dateTime(s.created_at)}</td>
              <td class="row-actions">
                <button type="button" class="btn" data-testid="send-reset" disabled={busy} onClick={() => onReset(s)}>
                  {t.sendReset}
                </button>
                <button type="button" class="btn danger-text" data-testid="remove-member" disabled={busy} onClick={() => onRemove(s)}>
                  {t.removeMember}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
