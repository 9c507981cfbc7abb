import { useState } from 'preact/hooks';
import { I18nContext, i18nFor, language$ } from '../i18n/index.ts';
import { PwaNotices } from '../pwa/PwaNotices.tsx';
import { useSubject } from '../ui/useObservable.ts';
import { takeEnrolCode } from './enrol-link.ts';
import { loadSession, type Session } from './session.ts';
import { SignIn } from './SignIn.tsx';
import { Workspace } from './Workspace.tsx';

export function App() {
  const lang = useSubject(language$);
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
    <I18nContext.Provider value={i18nFor(lang)}>
      {session ? (
        <Workspace key={session.dbName} session={session} onSignedOut={() => setSession(null)} />
      ) : (
        <SignIn enrolCode={enrolCode} onSignedIn={signedIn} />
      )}
      <PwaNotices />
    </I18nContext.Provider>
  );
}
