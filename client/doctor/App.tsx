// The doctor's own screen, in the consultation room: enrolled with a code the
// owner made for one doctor, then that doctor's queue from the screen's own
// local copy, offline or not. It shares the reception's words, sync and
// actions (client/reception/), and holds no phone numbers: the server never
// sends them to a doctor device (shared/doctor-copy.ts).
import { useState } from 'preact/hooks';
import { I18nProvider, LanguageSwitch, useI18n, useLanguage } from '../reception/i18n/index.ts';
import { EnrolForm } from '../reception/EnrolForm.tsx';
import { takeEnrolCode } from '../reception/enrol-link.ts';
import { PwaNotices } from '../pwa/PwaNotices.tsx';
import { enrol, loadSession, type Session } from './session.ts';
import { Room } from './Room.tsx';

export function App() {
  const [i18n, setLanguage] = useLanguage();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [enrolCode] = useState(takeEnrolCode);
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      {session ? (
        <Room key={session.dbName} session={session} onSignedOut={() => setSession(null)} />
      ) : (
        <Enrol code={enrolCode} onSignedIn={setSession} />
      )}
      <PwaNotices />
    </I18nProvider>
  );
}

function Enrol({ code, onSignedIn }: { code: string | null; onSignedIn: (s: Session) => void }) {
  const { t } = useI18n();
  const words = {
    title: t.doctorScreen.signInTitle,
    intro: t.doctorScreen.enrolIntro,
    deviceNameDefault: t.doctorScreen.deviceNameDefault,
  };
  return <EnrolForm initialCode={code ?? ''} top={<LanguageSwitch />} modes={null} enrol={enrol} words={words} onSignedIn={onSignedIn} />;
}
