// The second way in: a one-time code the clinic owner created (typed, or
// brought by the QR code's link). The grant is the same as a password
// sign-in's and is kept the same way (session.ts). The doctor's screen
// enrols with it too, keeping its own kind of session.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { EnrolCode } from '../../shared/saas.ts';
import { useI18n } from './i18n/index.ts';
import { DeviceNameField, SignInCard, deviceNameOrDefault } from '../ui/SignInForm.tsx';
import type { EnrolError, EnrolResult } from '../ui/staff-session.ts';

/** code_format is caught here, before asking the server. */
type Failure = { error: EnrolError | 'code_format'; message: string | null };

/** Room for a typed dash and spaces around the code's 8 characters. */
const CODE_MAX_LENGTH = 16;

interface Props<S> {
  initialCode: string;
  top: ComponentChildren;
  /** The choice of the other way in. */
  modes: ComponentChildren;
  /** Enrols this page's kind of device and keeps its session. */
  enrol: (input: { code: string; deviceName: string }) => Promise<EnrolResult<S>>;
  /** The page's own title, intro and default device name (the reception tablet's when omitted). */
  words?: { title: string; intro: string; deviceNameDefault: string };
  onSignedIn: (s: S) => void;
}

export function EnrolForm<S>({ initialCode, top, modes, enrol, words, onSignedIn }: Props<S>) {
  const { t } = useI18n();
  const { title, intro, deviceNameDefault } = words ?? {
    title: t.signInTitle,
    intro: t.enrolIntro,
    deviceNameDefault: t.deviceNameDefault,
  };
  const [code, setCode] = useState(initialCode);
  const [device, setDevice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const deviceName = { label: t.deviceName, default: deviceNameDefault };
  const errors: Record<Failure['error'], string> = {
    code_format: t.errCodeFormat,
    invalid_code: t.errInvalidCode,
    plan_limit: t.errPlanLimit,
    clinic_suspended: t.errClinicSuspended,
    email_unverified: t.errEmailUnverified,
    rate_limited: t.errRateLimited,
    offline: t.errOffline,
    server: t.errServer,
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = EnrolCode.safeParse(code);
    if (!parsed.success) {
      setFailure({ error: 'code_format', message: null });
      return;
    }
    setBusy(true);
    setFailure(null);
    const r = await enrol({ code: parsed.data, deviceName: deviceNameOrDefault(device, deviceName) });
    if (!r.ok) {
      setBusy(false);
      setFailure({ error: r.error, message: r.message });
      return;
    }
    onSignedIn(r.session);
  };

  const codeRefused = failure?.error === 'code_format' || failure?.error === 'invalid_code';
  return (
    <SignInCard title={title} intro={intro} testId="enrol-form" top={top} onSubmit={submit}>
      {modes}
      <label class="field">
        <span>{t.enrolCode}</span>
        <input
          data-testid="enrol-code"
          class="enrol-code"
          dir="ltr"
          required
          autoComplete="one-time-code"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={CODE_MAX_LENGTH}
          placeholder="ABCD-2345"
          aria-invalid={codeRefused}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      <DeviceNameField prefix="enrol" name={deviceName} value={device} onInput={setDevice} />
      {failure && (
        <p class="error" role="alert" data-testid="enrol-error" data-error={failure.error}>
          {errors[failure.error]}
          {/* The server names the plan and its limit, in its own language: isolated so Arabic keeps its order. */}
          {failure.error === 'plan_limit' && failure.message && (
            <>
              {' '}
              <bdi>{failure.message}</bdi>
            </>
          )}
        </p>
      )}
      <button class="btn primary wide" type="submit" data-testid="enrol-submit" disabled={busy}>
        {busy ? t.enrolling : t.enrol}
      </button>
    </SignInCard>
  );
}
