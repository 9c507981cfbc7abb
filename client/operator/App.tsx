import { useCallback, useState } from 'preact/hooks';
import { applyLanguage, OperatorI18nContext, savedLanguage, SetLanguageContext, type Language } from './i18n/index.ts';
import { clearSession, resumeSession, type OperatorGrant } from './session.ts';
import { SignIn } from './SignIn.tsx';
import { Console } from './Console.tsx';

export type Leave = 'signed_out' | 'ended';

export function App() {
  const [i18n, setI18n] = useState(() => applyLanguage(savedLanguage()));
  const setLanguage = useCallback((lang: Language) => setI18n(applyLanguage(lang)), []);
  const [start] = useState(resumeSession);
  const [grant, setGrant] = useState<OperatorGrant | null>(start.grant);
  // Set when the token expired or the server refused it, so the sign-in page says why.
  const [ended, setEnded] = useState(start.ended);
  const leave = useCallback((why: Leave) => {
    clearSession();
    setEnded(why === 'ended');
    setGrant(null);
  }, []);
  return (
    <SetLanguageContext.Provider value={setLanguage}>
      <OperatorI18nContext.Provider value={i18n}>
        {grant ? (
          <Console grant={grant} onLeave={leave} />
        ) : (
          <SignIn
            ended={ended}
            onSignedIn={(g) => {
              setEnded(false);
              setGrant(g);
            }}
          />
        )}
      </OperatorI18nContext.Provider>
    </SetLanguageContext.Provider>
  );
}
