import { useState } from 'preact/hooks';
import { I18nProvider, useLanguage } from './i18n/index.ts';
import { PwaNotices } from '../pwa/PwaNotices.tsx';
import { takeEnrolCode } from './enrol-link.ts';
import { loadSession, type Session } from './session.ts';
import { SignIn } from './SignIn.tsx';
import { Workspace } from './Workspace.tsx';

export function App() {
  const [i18n, setLanguage] = useLanguage();
  // Read once: a stored enrolment opens the queue at once, network or not.
  const [session, setSession] = useState<Session | null>(loadSession);
  // Taken from the address at start, signed in or not; dropped once used, so
  // signing out later does not offer a spent code.
  const [enrolCode, setEnrolCode] = useState(takeEnrolCode);
  const signedIn = (s: Session) => {
    setEnrolCode(null);
    setSession(s);
  };
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      {session ? (
        <Workspace key={session.dbName} session={session} onSignedOut={() => setSession(null)} />
      ) : (
        <SignIn enrolCode={enrolCode} onSignedIn={signedIn} />
      )}
      <PwaNotices />
    </I18nProvider>
  );
}
