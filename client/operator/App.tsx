import { useCallback, useState } from 'preact/hooks';
import { I18nProvider, useLanguage } from './i18n/index.ts';
import { clearSession, resumeSession, type OperatorGrant } from './session.ts';
import { SignIn } from './SignIn.tsx';
import { Console } from './Console.tsx';

export type Leave = 'signed_out' | 'ended';

export function App() {
  const [i18n, setLanguage] = useLanguage();
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
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
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
    </I18nProvider>
  );
}
