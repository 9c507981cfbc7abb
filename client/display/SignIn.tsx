import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from './messages.ts';
import { signIn, type DisplaySession, type SignInError } from './session.ts';

interface Props {
  switcher: ComponentChildren;
  onSignedIn: (s: DisplaySession) => void;
}

export function SignIn({ switcher, onSignedIn }: Props) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // null until edited, so the default follows the language switch.
  const [deviceName, setDeviceName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SignInError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await signIn({ email, password, deviceName: deviceName?.trim() || t.deviceNameDefault });
    setBusy(false);
    if (r.ok) onSignedIn(r.session);
    else setError(r.error);
  };

  return (
    <main class="display-signin">
      <div class="display-signin-lang">{switcher}</div>
      <form class="card display-signin-card" onSubmit={submit} data-testid="display-login-form">
        <p class="public-brand">
          <img src="/icon.svg" alt="" width={40} height={40} />
          <span>DoctorQ</span>
        </p>
        <h1>{t.signInTitle}</h1>
        <p class="muted">{t.signInIntro}</p>
        <label class="field">
          <span>{t.email}</span>
          <input
            data-testid="display-login-email"
            type="email"
            autoComplete="username"
            dir="ltr"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t.password}</span>
          <input
            data-testid="display-login-password"
            type="password"
            autoComplete="current-password"
            dir="ltr"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t.deviceName}</span>
          <input
            data-testid="display-login-device-name"
            maxLength={80}
            value={deviceName ?? t.deviceNameDefault}
            onInput={(e) => setDeviceName(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert" data-testid="display-login-error" data-error={error}>
            {t.errors[error]}
          </p>
        )}
        <button class="btn primary wide" type="submit" data-testid="display-login-submit" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
    </main>
  );
}
