// The "forgot your password?" screen of the staff sign-in pages: one email
// field; whatever the address, the page says a link is on its way if an
// account has it (the server never tells which).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { SignInCard } from './SignInForm.tsx';
import { requestPasswordReset, type ResetRequestOutcome } from './forgot-password.ts';

export interface ForgotTexts {
  /** The link under the sign-in form. */
  link: string;
  title: string;
  intro: string;
  submit: string;
  sending: string;
  sent: string;
  back: string;
  error(e: Exclude<ResetRequestOutcome, 'sent'>): string;
}

interface Props {
  texts: ForgotTexts;
  /** Labels of the shared fields. */
  emailLabel: string;
  /** Test ids are `${prefix}-forgot-email`, `${prefix}-forgot-submit`, … */
  prefix: string;
  top: ComponentChildren;
  initialEmail: string;
  onBack(): void;
}

export function ForgotPasswordForm({ texts, emailLabel, prefix, top, initialEmail, onBack }: Props) {
  const [email, setEmail] = useState(initialEmail);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ResetRequestOutcome | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    setOutcome(await requestPasswordReset(email));
    setBusy(false);
  };

  return (
    <SignInCard title={texts.title} intro={texts.intro} testId={`${prefix}-forgot-form`} top={top} onSubmit={submit}>
      <label class="field">
        <span>{emailLabel}</span>
        <input
          data-testid={`${prefix}-forgot-email`}
          type="email"
          autoComplete="username"
          dir="ltr"
          required
          maxLength={254}
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      {outcome === 'sent' && (
        <p class="banner note" role="status" data-testid={`${prefix}-forgot-sent`}>
          {texts.sent}
        </p>
      )}
      {outcome !== null && outcome !== 'sent' && (
        <p class="error" role="alert" data-testid={`${prefix}-forgot-error`} data-error={outcome}>
          {texts.error(outcome)}
        </p>
      )}
      <button class="btn primary wide" type="submit" data-testid={`${prefix}-forgot-submit`} disabled={busy}>
        {busy ? texts.sending : texts.submit}
      </button>
      <button class="btn wide" type="button" data-testid={`${prefix}-forgot-back`} onClick={onBack}>
        {texts.back}
      </button>
    </SignInCard>
  );
}
