import { useCallback, useState } from 'preact/hooks';
import { applyLanguage, OwnerI18nContext, savedLanguage, SetLanguageContext, type Language } from './i18n/index.ts';
import { clearSession, loadSession, type OwnerSession } from './session.ts';
import { useVerifyLink } from './setup/VerifyLink.tsx';
import { SignIn } from './SignIn.tsx';
import { Workspace } from './Workspace.tsx';

export function App() {
  const [i18n, setI18n] = useState(() => applyLanguage(savedLanguage()));
  const setLanguage = useCallback((lang: Language) => setI18n(applyLanguage(lang)), []);
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
    <SetLanguageContext.Provider value={setLanguage}>
      <OwnerI18nContext.Provider value={i18n}>
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
      </OwnerI18nContext.Provider>
    </SetLanguageContext.Provider>
  );
}
