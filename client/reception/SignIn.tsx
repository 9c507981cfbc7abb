import { useState } from 'preact/hooks';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import { useI18n, type Messages } from '../i18n/index.ts';
import { signIn, type Session, type SignInError } from './session.ts';

function errorText(t: Messages, e: SignInError): string {
  const texts: Record<SignInError, string> = {
    bad_credentials: t.errBadCredentials,
    rate_limited: t.errRateLimited,
    offline: t.errOffline,
    device_not_allowed: t.errDeviceNotAllowed,
    no_clinic: t.errNoClinic,
    server: t.errServer,
  };
  return texts[e];
}

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
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
    const result = await signIn({ email, password, deviceName: deviceName?.trim() || t.deviceNameDefault });
    setBusy(false);
    if (result.ok) onSignedIn(result.session);
    else setError(result.error);
  };

  return (
    <main class="signin">
      <div class="signin-lang">
        <LanguageSwitch />
      </div>
      <form class="card signin-card" onSubmit={submit} data-testid="login-form">
        <p class="signin-brand">
          <img src="/icon.svg" alt="" width={44} height={44} />
          DoctorQ
        </p>
        <h1>{t.signInTitle}</h1>
        <p class="muted">{t.signInIntro}</p>
        <label class="field">
          <span>{t.email}</span>
          <input
            data-testid="login-email"
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
            data-testid="login-password"
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
            data-testid="login-device-name"
            maxLength={80}
            value={deviceName ?? t.deviceNameDefault}
            onInput={(e) => setDeviceName(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert" data-testid="login-error" data-error={error}>
            {errorText(t, error)}
          </p>
        )}
        <button class="btn primary wide" type="submit" data-testid="login-submit" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
    </main>
  );
}
