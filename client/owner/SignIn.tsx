import { useState } from 'preact/hooks';
import { LanguageSwitch } from './i18n/LanguageSwitch.tsx';
import { useI18n, type OwnerMessages } from './i18n/index.ts';
import { signIn, type OwnerSession, type SignInError } from './session.ts';

function errorText(t: OwnerMessages, e: SignInError): string {
  const texts: Record<SignInError, string> = {
    bad_credentials: t.errBadCredentials,
    rate_limited: t.errRateLimited,
    offline: t.errOffline,
    no_clinic: t.noClinicOwned,
    server: t.errServer,
  };
  return texts[e];
}

interface Props {
  /** The previous session was ended by the server. */
  ended: boolean;
  onSignedIn: (s: OwnerSession) => void;
}

export function SignIn({ ended, onSignedIn }: Props) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SignInError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await signIn(email, password);
    setBusy(false);
    if (result.ok) onSignedIn(result.session);
    else setError(result.error);
  };

  return (
    <main class="signin">
      <div class="signin-lang">
        <LanguageSwitch />
      </div>
      <form class="card signin-card" onSubmit={submit} data-testid="owner-login-form">
        <p class="signin-brand">
          <img src="/icon.svg" alt="" width={44} height={44} />
          DoctorQ
        </p>
        <h1>{t.signInTitle}</h1>
        <p class="muted">{t.signInIntro}</p>
        {ended && !error && (
          <p class="banner note" role="status" data-testid="owner-session-ended">
            {t.sessionEnded}
          </p>
        )}
        <label class="field">
          <span>{t.email}</span>
          <input
            data-testid="owner-login-email"
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
            data-testid="owner-login-password"
            type="password"
            autoComplete="current-password"
            dir="ltr"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert" data-testid="owner-login-error" data-error={error}>
            {errorText(t, error)}
          </p>
        )}
        <button class="btn primary wide" type="submit" data-testid="owner-login-submit" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
    </main>
  );
}
