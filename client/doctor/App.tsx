// The doctor's own screen, in the consultation room: enrolled with a code the
// owner made for one doctor (or by a person signing in and choosing the doctor), then that doctor's queue from the screen's own
// local copy, offline or not. It shares the reception's words, sync and
// actions (client/reception/), and holds no phone numbers: the server never
// sends them to a doctor device (shared/doctor-copy.ts).
import { useState } from 'preact/hooks';
import { I18nProvider, useLanguage } from '../reception/i18n/index.ts';
import { takeEnrolCode } from '../reception/enrol-link.ts';
import { PwaNotices } from '../pwa/PwaNotices.tsx';
import { loadSession, type Session } from './session.ts';
import { Room } from './Room.tsx';
import { SignIn } from './SignIn.tsx';

export function App() {
  const [i18n, setLanguage] = useLanguage();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [enrolCode] = useState(takeEnrolCode);
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      {session ? (
        <Room key={session.dbName} session={session} onSignedOut={() => setSession(null)} />
      ) : (
        <SignIn enrolCode={enrolCode} onSignedIn={setSession} />
      )}
      <PwaNotices />
    </I18nProvider>
  );
}
