import { useMemo, useState } from 'preact/hooks';
import { isLanguage } from '../i18n/core.ts';
import { loadQueue } from '../live/queue-state.ts';
import { localClinicOf } from '../live/local-channel.ts';
import { Board, displayQueueKey } from './Board.tsx';
import { LocalBoard } from './LocalBoard.tsx';
import { I18nProvider, LanguageSwitch, useLanguage } from './messages.ts';
import { loadSession, type DisplaySession } from './session.ts';
import { SignIn } from './SignIn.tsx';

/** Opened from the reception on this machine: fed by the reception tab, no sign-in. */
const localClinic = localClinicOf(location.hash);

export function App() {
  // Read once: a stored enrolment shows the queue at once, network or not.
  const [session, setSession] = useState<DisplaySession | null>(loadSession);
  // The clinic's first language until someone picks one on the screen.
  const clinicLanguage = useMemo(
    () => (session ? loadQueue(displayQueueKey(session.clinicId))?.settings?.languages.find(isLanguage) : undefined),
    [session],
  );
  const [i18n, setLanguage] = useLanguage(clinicLanguage);
  const switcher = <LanguageSwitch />;
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      {localClinic ? (
        <LocalBoard clinicId={localClinic} switcher={switcher} />
      ) : session ? (
        <Board key={session.clinicId} session={session} switcher={switcher} onSignedOut={() => setSession(null)} />
      ) : (
        <SignIn switcher={switcher} onSignedIn={setSession} />
      )}
    </I18nProvider>
  );
}
