import { useEffect, useRef, useState } from 'preact/hooks';
import { LanguageSwitch, useI18n } from './i18n/index.ts';
import { forgotTexts } from '../i18n/forgot-password.ts';
import { SignInForm } from '../ui/SignInForm.tsx';
import { EnrolForm } from './EnrolForm.tsx';
import { ClinicChoice } from './ClinicChoice.tsx';
import type { ClinicChoice as Choice } from '../ui/staff-session.ts';
import { enrol, signIn, type Session } from './session.ts';

export type Way = 'password' | 'code';
const WAYS: readonly Way[] = ['password', 'code'];

interface Props {
  /** A code brought by the owner's QR code: the code form opens with it. */
  enrolCode: string | null;
  onSignedIn: (s: Session) => void;
}

export function SignIn({ enrolCode, onSignedIn }: Props) {
  const { t, lang } = useI18n();
  const [way, setWay] = useState<Way>(enrolCode === null ? 'password' : 'code');
  const [switched, setSwitched] = useState(false);
  const choose = (w: Way) => {
    setWay(w);
    setSwitched(true);
  };
  // Set when the account belongs to several clinics: the sign-in waits for the one this tablet is for.
  const [choosing, setChoosing] = useState<{ input: Parameters<typeof signIn>[0]; clinics: Choice[] } | null>(null);
  const ways = <Ways value={way} onChange={choose} keepFocus={switched} />;
  if (way === 'code')
    return <EnrolForm initialCode={enrolCode ?? ''} top={<LanguageSwitch />} modes={ways} enrol={enrol} onSignedIn={onSignedIn} />;

  const errors = {
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
  if (choosing)
    return (
      <ClinicChoice
        clinics={choosing.clinics}
        onBack={() => setChoosing(null)}
        onPick={async (clinicId) => {
          const r = await signIn({ ...choosing.input, clinicId });
          if (!r.ok) return errors[r.error];
          onSignedIn(r.session);
          return null;
        }}
      />
    );
  return (
    <SignInForm
      prefix="login"
      top={<LanguageSwitch />}
      modes={ways}
      texts={{
        title: t.signInTitle,
        intro: t.signInIntro,
        email: t.email,
        password: t.password,
        signIn: t.signIn,
        signingIn: t.signingIn,
        error: (e) => errors[e],
      }}
      forgot={forgotTexts(lang, { rate_limited: t.errRateLimited, offline: t.errOffline, server: t.errServer })}
      deviceName={{ label: t.deviceName, default: t.deviceNameDefault }}
      onSubmit={async (input) => {
        const r = await signIn(input);
        if (!r.ok && r.error === 'choose_clinic' && r.clinics.length > 0) {
          setChoosing({ input, clinics: r.clinics });
          return null;
        }
        if (!r.ok) return r.error;
        onSignedIn(r.session);
        return null;
      }}
    />
  );
}

/** Email and password, or a code: a toggle of two buttons (the doctor's screen offers the same two). */
export function Ways({ value, onChange, keepFocus }: { value: Way; onChange: (w: Way) => void; keepFocus: boolean }) {
  const { t } = useI18n();
  const pressed = useRef<HTMLButtonElement>(null);
  // Each way is its own form, so choosing one rebuilds the toggle: give the
  // focus back to the chosen button, or a keyboard user starts over at the top.
  useEffect(() => {
    if (keepFocus) pressed.current?.focus();
  }, [keepFocus]);
  return (
    <fieldset class="tabs signin-ways" aria-label={t.signInWays}>
      {WAYS.map((w) => (
        <button
          key={w}
          ref={w === value ? pressed : undefined}
          type="button"
          class="tab"
          data-testid={`signin-way-${w}`}
          aria-pressed={w === value}
          onClick={() => onChange(w)}
        >
          {w === 'password' ? t.withPassword : t.withCode}
        </button>
      ))}
    </fieldset>
  );
}
