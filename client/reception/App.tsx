import { useState } from 'preact/hooks';
import { I18nContext, i18nFor, language$ } from '../i18n/index.ts';
import { PwaNotices } from '../pwa/PwaNotices.tsx';
import { useSubject } from '../ui/useObservable.ts';
import { loadSession, type Session } from './session.ts';
import { SignIn } from './SignIn.tsx';
import { Workspace } from './Workspace.tsx';

export function App() {
  const lang = useSubject(language$);
  // Read once: a stored enrolment opens the queue at once, network or not.
  const [session, setSession] = useState<Session | null>(loadSession);
  return (
    <I18nContext.Provider value={i18nFor(lang)}>
      {session ? (
        <Workspace key={session.dbName} session={session} onSignedOut={() => setSession(null)} />
      ) : (
        <SignIn onSignedIn={setSession} />
      )}
      <PwaNotices />
    </I18nContext.Provider>
  );
}
