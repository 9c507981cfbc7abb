import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import { useI18n } from '../i18n/index.ts';
import { SignInForm } from '../ui/SignInForm.tsx';
import { signIn, type Session } from './session.ts';

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const { t } = useI18n();
  const errors = {
    bad_credentials: t.errBadCredentials, rate_limited: t.errRateLimited, offline: t.errOffline,
    device_not_allowed: t.errDeviceNotAllowed, no_clinic: t.errNoClinic, server: t.errServer,
  };
  return (
    <SignInForm
      prefix="login"
      top={<LanguageSwitch />}
      texts={{ title: t.signInTitle, intro: t.signInIntro, email: t.email, password: t.password, signIn: t.signIn, signingIn: t.signingIn, error: (e) => errors[e] }}
      deviceName={{ label: t.deviceName, default: t.deviceNameDefault }}
      onSubmit={async (input) => {
        const r = await signIn(input);
        if (!r.ok) return r.error;
        onSignedIn(r.session);
        return null;
      }}
    />
  );
}
