import { useState } from 'preact/hooks';
import { I18nProvider, useLanguage } from './i18n/index.ts';
import { clearSession, loadSession, type OwnerSession } from './session.ts';
import { useVerifyLink } from './setup/VerifyLink.tsx';
import { SignIn } from './SignIn.tsx';
import { Workspace } from './Workspace.tsx';

export function App() {
  const [i18n, setLanguage] = useLanguage();
  const [session, setSession] = useState<OwnerSession | null>(loadSession);
  // Set when the server ended the session (revoked, refresh refused), so the sign-in page says why.
  const [ended, setEnded] = useState(false);
  const verifyLink = useVerifyLink();
  const leave = (why: 'signed_out' | 'ended') => {
    clearSession();
    setEnded(why === 'ended');
    setSession(null);
  };
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      {session ? (
        <Workspace session={session} onLeave={leave} notice={verifyLink.notice} emailVerified={verifyLink.verified} />
      ) : (
        <SignIn
          ended={ended}
          notice={verifyLink.notice}
          onSignedIn={(s) => {
            setEnded(false);
            setSession(s);
          }}
        />
      )}
    </I18nProvider>
  );
}
