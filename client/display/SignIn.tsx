import type { ComponentChildren } from 'preact';
import { SignInForm } from '../ui/SignInForm.tsx';
import { useI18n } from './messages.ts';
import { signIn, type DisplaySession } from './session.ts';

interface Props {
  switcher: ComponentChildren;
  onSignedIn: (s: DisplaySession) => void;
}

export function SignIn({ switcher, onSignedIn }: Props) {
  const { t } = useI18n();
  return (
    <SignInForm
      prefix="display-login"
      top={switcher}
      texts={{
        title: t.signInTitle,
        intro: t.signInIntro,
        email: t.email,
        password: t.password,
        signIn: t.signIn,
        signingIn: t.signingIn,
        error: (e) => t.errors[e],
      }}
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
