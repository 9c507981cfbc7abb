// The signed-in person's own password. The current one is asked for: a
// session left open on a shared computer must not be enough to take the
// account over. The server signs out the person's other sessions.
import { useState } from 'preact/hooks';
import { z } from 'zod';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';

/** The server's rule for a new password (shared/saas.ts Password). */
const MIN_PASSWORD = 10;
const Changed = z.object({ changed: z.literal(true) });
const EMPTY = { currentPassword: '', newPassword: '' };

export function PasswordForm({ api }: { api: OwnerApi }) {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const r = await api.send('POST', '/api/auth/password', form, Changed);
    setBusy(false);
    if (!r.ok) {
      setMessage({ ok: false, text: r.code === 'bad_credentials' ? t.errWrongPassword : errorText(t, r, t.errServer) });
      return;
    }
    setForm(EMPTY);
    setMessage({ ok: true, text: t.passwordChanged });
  };

  return (
    <section class="card admin-card" aria-labelledby="my-password-title">
      <h2 id="my-password-title">{t.myPasswordTitle}</h2>
      <form class="sub-form" onSubmit={submit} data-testid="password-form">
        <div class="form-grid">
          <label class="field">
            <span>{t.currentPassword}</span>
            <input
              data-testid="current-password"
              type="password"
              dir="ltr"
              required
              maxLength={200}
              autoComplete="current-password"
              value={form.currentPassword}
              onInput={(e) => setForm((f) => ({ ...f, currentPassword: e.currentTarget.value }))}
            />
          </label>
          <label class="field">
            <span>{t.newPassword}</span>
            <input
              data-testid="new-password"
              type="password"
              dir="ltr"
              required
              minLength={MIN_PASSWORD}
              maxLength={200}
              autoComplete="new-password"
              aria-describedby="new-password-hint"
              value={form.newPassword}
              onInput={(e) => setForm((f) => ({ ...f, newPassword: e.currentTarget.value }))}
            />
            <small id="new-password-hint" class="muted">
              {t.newPasswordHint}
            </small>
          </label>
        </div>
        {message && (
          <p class={message.ok ? 'ok-text' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="password-message">
            {message.text}
          </p>
        )}
        <button type="submit" class="btn primary" data-testid="password-submit" disabled={busy}>
          {t.changePassword}
        </button>
      </form>
    </section>
  );
}
