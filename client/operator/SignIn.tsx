import { SignInForm } from '../ui/SignInForm.tsx';
import type { SignInError } from '../ui/staff-session.ts';
import { LanguageSwitch, useI18n, type OperatorMessages } from './i18n/index.ts';
import { signIn, type OperatorGrant } from './session.ts';

interface Props {
  /** The previous session expired or was refused by the server. */
  ended: boolean;
  onSignedIn: (g: OperatorGrant) => void;
}

export function SignIn({ ended, onSignedIn }: Props) {
  const { t } = useI18n();
  return (
    <SignInForm
      prefix="operator"
      top={<LanguageSwitch />}
      texts={{
        title: t.signInTitle,
        intro: t.signInIntro,
        email: t.email,
        password: t.password,
        signIn: t.signIn,
        signingIn: t.signingIn,
        error: (e) => signInErrorText(t, e),
      }}
      notice={
        ended && (
          <p class="banner note" role="status" data-testid="operator-session-ended">
            {t.sessionEnded}
          </p>
        )
      }
      onSubmit={async ({ email, password }) => {
        const r = await signIn(email, password);
        if (!r.ok) return r.error;
        onSignedIn(r.grant);
        return null;
      }}
    />
  );
}

function signInErrorText(t: OperatorMessages, e: SignInError): string {
  switch (e) {
    case 'bad_credentials':
      return t.errBadCredentials;
    case 'rate_limited':
      return t.errRateLimited;
    case 'offline':
      return t.errOffline;
    // The staff form's device and clinic refusals never come from the operator login.
    default:
      return t.errServer;
  }
}
