import type { ComponentChildren } from 'preact';
import { SignInForm } from '../ui/SignInForm.tsx';
import { forgotTexts } from '../i18n/forgot-password.ts';
import { LanguageSwitch, useI18n } from './i18n/index.ts';
import { signIn, type OwnerSession } from './session.ts';

interface Props {
  /** The previous session was ended by the server. */
  ended: boolean;
  /** The emailed link's answer, when the page was opened from one. */
  notice: ComponentChildren;
  onSignedIn: (s: OwnerSession) => void;
}

export function SignIn({ ended, notice, onSignedIn }: Props) {
  const { t, lang } = useI18n();
  const errors = {
    bad_credentials: t.errBadCredentials,
    rate_limited: t.errRateLimited,
    offline: t.errOffline,
    // The owner's browser enrols no device; a refusal means no clinic is owned.
    device_not_allowed: t.noClinicOwned,
    no_clinic: t.noClinicOwned,
    choose_clinic: t.errServer,
    server: t.errServer,
    plan_limit: t.errServer,
    clinic_suspended: t.errServer,
    email_unverified: t.errServer,
    clinic_account_closed: t.errClinicAccountClosed,
  };
  return (
    <SignInForm
      prefix="owner-login"
      top={
        <div class="owner-signin-top">
          <p>
            {t.newClinic}{' '}
            <a href="/signup.html" data-testid="owner-signup-link">
              {t.createAccount}
            </a>
          </p>
          <LanguageSwitch />
        </div>
      }
      texts={{
        title: t.signInTitle,
        intro: t.signInIntro,
        email: t.email,
        password: t.password,
        signIn: t.signIn,
        signingIn: t.signingIn,
        error: (e) => errors[e],
      }}
      forgot={forgotTexts(lang, { rate_limited: t.errRateLimited, offline: t.errOffline, server: t.errServer })}
      notice={
        <>
          {notice}
          {ended && (
            <p class="banner note" role="status" data-testid="owner-session-ended">
              {t.sessionEnded}
            </p>
          )}
        </>
      }
      onSubmit={async ({ email, password }) => {
        const r = await signIn(email, password);
        if (!r.ok) return r.error;
        onSignedIn(r.session);
        return null;
      }}
    />
  );
}
