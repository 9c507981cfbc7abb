// The staff sign-in form of every page (reception, display, owner); each page
// brings its own words, its test-id prefix and what it does with the session.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { SignInError } from './staff-session.ts';
import './signin.css';

export interface SignInTexts {
  title: string;
  intro: string;
  email: string;
  password: string;
  signIn: string;
  signingIn: string;
  error(e: SignInError): string;
}

interface Props {
  texts: SignInTexts;
  /** Test ids are `${prefix}-email`, `${prefix}-submit`, … */
  prefix: string;
  /** Shown for pages that enrol a device; the default follows the language until edited. */
  deviceName?: { label: string; default: string };
  /** Above the form (the language switch). */
  top: ComponentChildren;
  /** Between the intro and the fields (e.g. "your session ended"), hidden once an error shows. */
  notice?: ComponentChildren;
  /** Sign in; resolves to the error to show, or null when done. */
  onSubmit(input: { email: string; password: string; deviceName: string }): Promise<SignInError | null>;
}

export function SignInForm({ texts, prefix, deviceName, top, notice, onSubmit }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [device, setDevice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SignInError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const err = await onSubmit({ email, password, deviceName: device?.trim() || deviceName?.default || '' });
    setBusy(false);
    setError(err);
  };

  return (
    <main class="signin">
      <div class="signin-lang">{top}</div>
      <form class="card signin-card" onSubmit={submit} data-testid={`${prefix}-form`}>
        <p class="signin-brand">
          <img src="/icon.svg" alt="" width={44} height={44} />
          DoctorQ
        </p>
        <h1>{texts.title}</h1>
        <p class="muted">{texts.intro}</p>
        {!error && notice}
        <label class="field">
          <span>{texts.email}</span>
          <input data-testid={`${prefix}-email`} type="email" autoComplete="username" dir="ltr" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{texts.password}</span>
          <input data-testid={`${prefix}-password`} type="password" autoComplete="current-password" dir="ltr" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {deviceName && (
          <label class="field">
            <span>{deviceName.label}</span>
            <input data-testid={`${prefix}-device-name`} maxLength={80} value={device ?? deviceName.default} onInput={(e) => setDevice(e.currentTarget.value)} />
          </label>
        )}
        {error && (
          <p class="error" role="alert" data-testid={`${prefix}-error`} data-error={error}>
            {texts.error(error)}
          </p>
        )}
        <button class="btn primary wide" type="submit" data-testid={`${prefix}-submit`} disabled={busy}>
          {busy ? texts.signingIn : texts.signIn}
        </button>
      </form>
    </main>
  );
}
