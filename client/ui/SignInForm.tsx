// The staff sign-in form of every page (reception, display, owner); each page
// brings its own words, its test-id prefix and what it does with the session.
// The card and the device name field are shared with other ways in (the
// reception's enrolment code).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { SignInError } from './staff-session.ts';
import { ForgotPasswordForm, type ForgotTexts } from './ForgotPassword.tsx';
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

interface CardProps {
  title: string;
  intro: string;
  /** The form's test id. */
  testId: string;
  /** Above the card (the language switch). */
  top: ComponentChildren;
  onSubmit(e: Event): void;
  children: ComponentChildren;
}

/** The sign-in screen around a form: language switch, brand, title and intro. */
export function SignInCard({ title, intro, testId, top, onSubmit, children }: CardProps) {
  return (
    <main class="signin">
      <div class="signin-lang">{top}</div>
      <form class="card signin-card" onSubmit={onSubmit} data-testid={testId}>
        <p class="signin-brand">
          <img src="/icon.svg" alt="" width={44} height={44} />
          DoctorQ
        </p>
        <h1>{title}</h1>
        <p class="muted">{intro}</p>
        {children}
      </form>
    </main>
  );
}

export interface DeviceName {
  label: string;
  default: string;
}

/** The name to send: the field holds null until edited, and a blank or untouched field means the default, in the current language. */
export const deviceNameOrDefault = (value: string | null, name: DeviceName): string => value?.trim() || name.default;

export function DeviceNameField({
  prefix,
  name,
  value,
  onInput,
}: {
  prefix: string;
  name: DeviceName;
  value: string | null;
  onInput: (v: string) => void;
}) {
  return (
    <label class="field">
      <span>{name.label}</span>
      <input
        data-testid={`${prefix}-device-name`}
        maxLength={80}
        value={value ?? name.default}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}

interface Props {
  texts: SignInTexts;
  /** Test ids are `${prefix}-email`, `${prefix}-submit`, … */
  prefix: string;
  /** Shown for pages that enrol a device; the default follows the language until edited. */
  deviceName?: DeviceName;
  /** Above the form (the language switch). */
  top: ComponentChildren;
  /** Between the intro and the fields: the choice of another way in. */
  modes?: ComponentChildren;
  /** Between the intro and the fields (e.g. "your session ended"), hidden once an error shows. */
  notice?: ComponentChildren;
  /** A person's pages offer "forgot your password?" (a reset link by mail). */
  forgot?: ForgotTexts;
  /** Sign in; resolves to the error to show, or null when done. */
  onSubmit(input: { email: string; password: string; deviceName: string }): Promise<SignInError | null>;
}

export function SignInForm({ texts, prefix, deviceName, top, modes, notice, forgot, onSubmit }: Props) {
  const [email, setEmail] = useState('');
  const [forgetting, setForgetting] = useState(false);
  const [password, setPassword] = useState('');
  const [device, setDevice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SignInError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const err = await onSubmit({ email, password, deviceName: deviceName ? deviceNameOrDefault(device, deviceName) : '' });
    setBusy(false);
    setError(err);
  };

  if (forgot && forgetting)
    return (
      <ForgotPasswordForm
        texts={forgot}
        emailLabel={texts.email}
        prefix={prefix}
        top={top}
        initialEmail={email}
        onBack={() => setForgetting(false)}
      />
    );

  return (
    <SignInCard title={texts.title} intro={texts.intro} testId={`${prefix}-form`} top={top} onSubmit={submit}>
      {modes}
      {!error && notice}
      <label class="field">
        <span>{texts.email}</span>
        <input
          data-testid={`${prefix}-email`}
          type="email"
          autoComplete="username"
          dir="ltr"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>{texts.password}</span>
        <input
          data-testid={`${prefix}-password`}
          type="password"
          autoComplete="current-password"
          dir="ltr"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      {deviceName && <DeviceNameField prefix={prefix} name={deviceName} value={device} onInput={setDevice} />}
      {error && (
        <p class="error" role="alert" data-testid={`${prefix}-error`} data-error={error}>
          {texts.error(error)}
        </p>
      )}
      <button class="btn primary wide" type="submit" data-testid={`${prefix}-submit`} disabled={busy}>
        {busy ? texts.signingIn : texts.signIn}
      </button>
      {forgot && (
        <button type="button" class="signin-forgot" data-testid={`${prefix}-forgot`} onClick={() => setForgetting(true)}>
          {forgot.link}
        </button>
      )}
    </SignInCard>
  );
}
