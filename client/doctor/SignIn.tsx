// The two ways in for a doctor's screen: the owner's one-time code for one
// doctor, or a person's own sign-in (a doctor, or the owner or receptionist
// setting it up), then the choice of the doctor whose screen this is.
import { useState } from 'preact/hooks';
import type { Doctor } from '../../shared/schemas.ts';
import { EnrolForm } from '../reception/EnrolForm.tsx';
import { LanguageSwitch, useI18n } from '../reception/i18n/index.ts';
import { type Way, Ways } from '../reception/SignIn.tsx';
import { SignInCard, SignInForm } from '../ui/SignInForm.tsx';
import type { SignInError } from '../ui/staff-session.ts';
import { type PersonGrant, type Session, enrol, enrolAs, signInPerson } from './session.ts';

interface Props {
  enrolCode: string | null;
  onSignedIn: (s: Session) => void;
}

type Chosen = { email: string; password: string; deviceName: string; person: PersonGrant; doctors: Doctor[] };

export function SignIn({ enrolCode, onSignedIn }: Props) {
  const { t } = useI18n();
  const [way, setWay] = useState<Way>(enrolCode === null ? 'password' : 'code');
  const [switched, setSwitched] = useState(false);
  const [signedIn, setSignedIn] = useState<Chosen | null>(null);
  const words = t.doctorScreen;
  const ways = (
    <Ways
      value={way}
      onChange={(w) => {
        setWay(w);
        setSwitched(true);
      }}
      keepFocus={switched}
    />
  );
  if (way === 'code')
    return (
      <EnrolForm
        initialCode={enrolCode ?? ''}
        top={<LanguageSwitch />}
        modes={ways}
        enrol={enrol}
        words={{ title: words.signInTitle, intro: words.enrolIntro, deviceNameDefault: words.deviceNameDefault }}
        onSignedIn={onSignedIn}
      />
    );
  if (signedIn) return <ChooseDoctor chosen={signedIn} onSignedIn={onSignedIn} />;

  const errors: Record<SignInError, string> = {
    bad_credentials: t.errBadCredentials,
    rate_limited: t.errRateLimited,
    offline: t.errOffline,
    device_not_allowed: t.errDeviceNotAllowed,
    no_clinic: t.errNoClinic,
    choose_clinic: t.errChooseClinicCode,
    server: t.errServer,
    plan_limit: t.errPlanLimit,
    clinic_suspended: t.errClinicSuspended,
    email_unverified: t.errEmailUnverified,
    clinic_account_closed: t.errClinicAccountClosed,
  };
  return (
    <SignInForm
      prefix="login"
      top={<LanguageSwitch />}
      modes={ways}
      texts={{
        title: words.signInTitle,
        intro: t.signInIntro,
        email: t.email,
        password: t.password,
        signIn: t.signIn,
        signingIn: t.signingIn,
        error: (e) => errors[e],
      }}
      deviceName={{ label: t.deviceName, default: words.deviceNameDefault }}
      onSubmit={async (input) => {
        const r = await signInPerson(input);
        if (!r.ok) return r.error;
        const { doctors, ...person } = r.session;
        setSignedIn({ ...input, person, doctors });
        return null;
      }}
    />
  );
}

function ChooseDoctor({ chosen, onSignedIn }: { chosen: Chosen; onSignedIn: (s: Session) => void }) {
  const { t } = useI18n();
  const [doctorId, setDoctorId] = useState(chosen.doctors[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFailed(false);
    const r = await enrolAs({ ...chosen, doctorId }, chosen.person);
    setBusy(false);
    if (r.ok) onSignedIn(r.session);
    else setFailed(true);
  };
  return (
    <SignInCard
      title={t.doctorScreen.signInTitle}
      intro={t.doctorScreen.chooseDoctor}
      testId="choose-doctor"
      top={<LanguageSwitch />}
      onSubmit={submit}
    >
      <label class="field">
        <span>{t.doctor}</span>
        <select data-testid="choose-doctor-select" value={doctorId} onChange={(e) => setDoctorId(e.currentTarget.value)}>
          {chosen.doctors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      {failed && (
        <p class="error" role="alert">
          {t.errServer}
        </p>
      )}
      <button class="btn primary wide" type="submit" data-testid="choose-doctor-submit" disabled={busy || doctorId === ''}>
        {busy ? t.signingIn : t.signIn}
      </button>
    </SignInCard>
  );
}
