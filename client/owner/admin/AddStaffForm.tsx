import { useState } from 'preact/hooks';
import type { StaffRole } from '../../../shared/auth.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { NewMember } from '../schemas.ts';
import { errorText } from '../ui/errors.ts';

/** The server's rule for a first password. */
const MIN_PASSWORD = 10;
/** The most powerful role last, so it is never picked by a slip. */
const ROLES: readonly StaffRole[] = ['receptionist', 'doctor', 'owner'];
const EMPTY = { email: '', name: '', role: 'receptionist' as StaffRole, password: '' };

interface Props {
  api: OwnerApi;
  base: string;
  onAdded: () => void;
}

export function AddStaffForm({ api, base, onAdded }: Props) {
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
    const r = await api.send('POST', `${base}/staff`, body, NewMember);
    setBusy(false);
    if (!r.ok) {
      setMessage({ ok: false, text: errorText(t, r.code, t.errServer) });
      return;
    }
    setForm(EMPTY);
    setMessage({ ok: true, text: t.staffAdded(r.data.name) });
    onAdded();
  };

  return (
    <form class="sub-form" onSubmit={submit} data-testid="add-staff-form">
      <h3>{t.addStaffTitle}</h3>
      <div class="form-grid">
        <label class="field">
          <span>{t.email}</span>
          <input
            data-testid="add-staff-email"
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
            data-testid="add-staff-name"
            required
            maxLength={120}
            autoComplete="off"
            value={form.name}
            onInput={(e) => set({ name: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>{t.role}</span>
          <select data-testid="add-staff-role" value={form.role} onChange={(e) => set({ role: e.currentTarget.value as StaffRole })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t.initialPassword}</span>
          <input
            data-testid="add-staff-password"
            type="password"
            dir="ltr"
            required
            minLength={MIN_PASSWORD}
            maxLength={200}
            autoComplete="new-password"
            aria-describedby="add-staff-password-hint"
            value={form.password}
            onInput={(e) => set({ password: e.currentTarget.value })}
          />
          <small id="add-staff-password-hint" class="muted">
            {t.passwordHint}
          </small>
        </label>
      </div>
      {message && (
        <p class={message.ok ? 'ok-text' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="add-staff-message">
          {message.text}
        </p>
      )}
      <button type="submit" class="btn primary" data-testid="add-staff-submit" disabled={busy}>
        {t.addStaff}
      </button>
    </form>
  );
}
