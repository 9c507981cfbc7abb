import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { applyLanguage, isLanguage, useLanguage } from '../i18n/lite.ts';
import { LiteLanguageSwitch } from '../i18n/LiteLanguageSwitch.tsx';
import { loadQueue } from '../live/queue-state.ts';
import { Board, displayQueueKey } from './Board.tsx';
import { displayI18n, I18n } from './messages.ts';
import { loadSession, type DisplaySession } from './session.ts';
import { SignIn } from './SignIn.tsx';

export function App() {
  // Read once: a stored enrolment shows the queue at once, network or not.
  const [session, setSession] = useState<DisplaySession | null>(loadSession);
  // The clinic's first language until someone picks one on the screen.
  const clinicLanguage = useMemo(
    () => (session ? loadQueue(displayQueueKey(session.clinicId))?.settings?.languages.find(isLanguage) : undefined),
    [session],
  );
  const [lang, setLang] = useLanguage(clinicLanguage);
  const i18n = useMemo(() => displayI18n(lang), [lang]);
  useLayoutEffect(() => applyLanguage(lang, i18n.t.appTitle), [lang, i18n]);
  const switcher = <LiteLanguageSwitch lang={lang} label={i18n.t.language} onChange={setLang} />;
  return (
    <I18n.Provider value={i18n}>
      {session ? (
        <Board key={session.clinicId} session={session} switcher={switcher} onSignedOut={() => setSession(null)} />
      ) : (
        <SignIn switcher={switcher} onSignedIn={setSession} />
      )}
    </I18n.Provider>
  );
}
