// Inviting someone by email and role. No password is typed here: the invitee
// chooses their own from the mailed link (or proves the one their account has).
import { useState } from 'preact/hooks';
import type { StaffRole } from '../../../shared/auth.ts';
import { Invitation } from '../../../shared/staff.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';

/** The most powerful role last, so it is never picked by a slip. */
export const ROLES: readonly StaffRole[] = ['receptionist', 'doctor', 'owner'];
const EMPTY = { email: '', name: '', role: 'receptionist' as StaffRole };

interface Props {
  api: OwnerApi;
  base: string;
  onInvited: () => void;
}

export function InviteForm({ api, base, onInvited }: Props) {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (patch: Partial<typeof EMPTY>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const body = { ...form, email: form.email.trim(), name: form.name.trim() };
    const r = await api.send('POST', `${base}/invitations`, body, Invitation);
    setBusy(false);
    if (!r.ok) {
      setMessage({ ok: false, text: errorText(t, r, t.errServer) });
      return;
    }
    setForm(EMPTY);
    setMessage({ ok: true, text: t.invited(r.data.email) });
    onInvited();
  };

  return (
    <form class="sub-form" onSubmit={submit} data-testid="invite-form">
      <h3>{t.inviteTitle}</h3>
      <p class="muted">{t.inviteIntro}</p>
      <div class="form-grid">
        <label class="field">
          <span>{t.email}</span>
          <input
            data-testid="invite-email"
            type="email"
            dir="ltr"
            required
            maxLength={254}
            autoComplete="off"
            value={form.email}
            onInput={(e) => set({ email: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>{t.name}</span>
          <input
            data-testid="invite-name"
            required
            maxLength={120}
            autoComplete="off"
            value={form.name}
            onInput={(e) => set({ name: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>{t.role}</span>
          <select data-testid="invite-role" value={form.role} onChange={(e) => set({ role: e.currentTarget.value as StaffRole })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {message && (
        <p class={message.ok ? 'ok-text' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="invite-message">
          {message.text}
        </p>
      )}
      <button type="submit" class="btn primary" data-testid="invite-submit" disabled={busy}>
        {t.invite}
      </button>
    </form>
  );
}
