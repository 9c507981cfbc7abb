// The sign-up form. Checked with the server's own schema before sending, so
// most mistakes are named under their field at once; the server's refusals
// (a field, a taken email) land in the same places.
import { useState } from 'preact/hooks';
import { SignupBody } from '../../shared/saas.ts';
import { LANGUAGE_NAMES, LANGUAGES, useI18n, type Language, type SignupMessages } from './i18n/index.ts';
import { AFTER_SIGNUP, signUp } from './signup.ts';
import { DEFAULT_TIME_ZONE, zoneLabel, zoneOptions } from './timeZones.ts';

type Field = keyof SignupBody;
type Form = SignupBody;
/** Refusals this page words itself; any other code reads as `server`. */
type FormError = 'email_taken' | 'invalid_body' | 'rate_limited' | 'offline' | 'server';

/** The server's rule (shared/saas.ts, Password). */
const MIN_PASSWORD = 10;
/** Tunisian clinics speak French and Arabic; the first is the screens' default. */
const EMPTY: Form = { clinicName: '', ownerName: '', email: '', password: '', languages: ['fr', 'ar'], timeZone: DEFAULT_TIME_ZONE };
/** Each field's id and test id; its error's are the same with `-error`. */
const TEST_IDS: Record<Field, string> = {
  clinicName: 'signup-clinic',
  ownerName: 'signup-owner',
  email: 'signup-email',
  password: 'signup-password',
  languages: 'signup-langs',
  timeZone: 'signup-tz',
};
const FIELD_ORDER = Object.keys(TEST_IDS) as Field[];

function errorText(t: SignupMessages, e: FormError): string {
  return {
    email_taken: t.errEmailTaken,
    invalid_body: t.errInvalid,
    rate_limited: t.errRateLimited,
    offline: t.errOffline,
    server: t.errServer,
  }[e];
}

/** The fields named by validation issues (`path[0]`), in the form's order. */
function fieldsOf(issues: readonly { path: readonly PropertyKey[] }[]): Field[] {
  const named = new Set(issues.map((i) => i.path[0]));
  return FIELD_ORDER.filter((f) => named.has(f));
}

export function SignupForm() {
  const { t, locale } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [invalid, setInvalid] = useState<Field[]>([]);
  const zones = zoneOptions();
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  // A language switched on goes last: the order is the clinic's preference.
  const toggleLanguage = (l: Language, on: boolean) =>
    set({ languages: on ? [...form.languages.filter((x) => x !== l), l] : form.languages.filter((x) => x !== l) });

  const refuse = (e: FormError, fields: Field[]) => {
    setError(e);
    setInvalid(fields);
    // The first refused field takes the focus, so keyboard and screen-reader users land on it.
    const first = fields[0];
    if (first) document.getElementById(TEST_IDS[first])?.focus();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = SignupBody.safeParse({ ...form, email: form.email.trim() });
    if (!body.success) {
      refuse('invalid_body', fieldsOf(body.error.issues));
      return;
    }
    setBusy(true);
    setError(null);
    setInvalid([]);
    const r = await signUp(body.data);
    if (r.ok) {
      location.assign(AFTER_SIGNUP);
      return;
    }
    setBusy(false);
    if (r.code === 'email_taken') refuse('email_taken', ['email']);
    else if (r.code === 'invalid_body') refuse('invalid_body', fieldsOf(r.issues ?? []));
    else refuse(r.code === 'rate_limited' || r.code === 'offline' ? r.code : 'server', []);
  };

  /** A field's id, its hint and error read with it, and whether it was refused. */
  const described = (f: Field, hint?: string) => {
    const bad = invalid.includes(f);
    const ids = [hint, bad ? `${TEST_IDS[f]}-error` : undefined].filter(Boolean).join(' ');
    return { id: TEST_IDS[f], 'aria-invalid': bad, 'aria-describedby': ids || undefined };
  };
  const fieldError = (f: Field) =>
    invalid.includes(f) && (
      <small id={`${TEST_IDS[f]}-error`} class="error" data-testid={`${TEST_IDS[f]}-error`}>
        {t.fieldErrors[f]}
      </small>
    );

  return (
    <form class="card signup-form" onSubmit={submit} noValidate data-testid="signup-form">
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      <label class="field">
        <span>{t.clinicName}</span>
        <input
          data-testid="signup-clinic"
          maxLength={120}
          autoComplete="organization"
          value={form.clinicName}
          onInput={(e) => set({ clinicName: e.currentTarget.value })}
          {...described('clinicName')}
        />
        {fieldError('clinicName')}
      </label>
      <label class="field">
        <span>{t.ownerName}</span>
        <input
          data-testid="signup-owner"
          maxLength={120}
          autoComplete="name"
          value={form.ownerName}
          onInput={(e) => set({ ownerName: e.currentTarget.value })}
          {...described('ownerName')}
        />
        {fieldError('ownerName')}
      </label>
      <label class="field">
        <span>{t.email}</span>
        <input
          data-testid="signup-email"
          type="email"
          dir="ltr"
          maxLength={254}
          autoComplete="email"
          value={form.email}
          onInput={(e) => set({ email: e.currentTarget.value })}
          {...described('email')}
        />
        {fieldError('email')}
      </label>
      <div class="field">
        <label for="signup-password">{t.password}</label>
        <div class="password-row">
          <input
            data-testid="signup-password"
            // Spread: Preact's input types tell password fields from text ones, so each branch is typed apart.
            {...(showPassword ? { type: 'text' as const } : { type: 'password' as const })}
            dir="ltr"
            minLength={MIN_PASSWORD}
            maxLength={200}
            autoComplete="new-password"
            value={form.password}
            onInput={(e) => set({ password: e.currentTarget.value })}
            {...described('password', 'signup-password-hint')}
          />
          <button
            type="button"
            class="btn"
            aria-pressed={showPassword}
            aria-controls="signup-password"
            data-testid="signup-password-toggle"
            onClick={() => setShowPassword((s) => !s)}
          >
            {t.showPassword}
          </button>
        </div>
        <small id="signup-password-hint" class="muted">
          {t.passwordHint}
        </small>
        {fieldError('password')}
      </div>
      {/* Focusable from script only: a refused choice of languages takes the focus as a group. */}
      <fieldset
        class="field"
        tabIndex={-1}
        id={TEST_IDS.languages}
        aria-describedby={described('languages', 'signup-langs-hint')['aria-describedby']}
      >
        <legend>{t.languages}</legend>
        <div class="checks">
          {LANGUAGES.map((l) => (
            <label key={l} class="check" lang={l}>
              <input
                type="checkbox"
                data-testid={`signup-lang-${l}`}
                checked={form.languages.includes(l)}
                onChange={(e) => toggleLanguage(l, e.currentTarget.checked)}
              />
              {LANGUAGE_NAMES[l]}
            </label>
          ))}
        </div>
        <small id="signup-langs-hint" class="muted">
          {t.languagesHint}
        </small>
        {fieldError('languages')}
      </fieldset>
      <label class="field">
        <span>{t.timeZone}</span>
        <select
          data-testid="signup-tz"
          value={form.timeZone}
          onChange={(e) => set({ timeZone: e.currentTarget.value })}
          {...described('timeZone')}
        >
          {zones.map(({ zone, ownZone }) => (
            <option key={zone} value={zone}>
              {ownZone ? t.thisComputer(zoneLabel(zone, locale)) : zoneLabel(zone, locale)}
            </option>
          ))}
        </select>
        {fieldError('timeZone')}
      </label>
      {error && (
        <p class="error" role="alert" data-testid="signup-error" data-error={error}>
          {errorText(t, error)}
        </p>
      )}
      <button type="submit" class="btn primary wide" data-testid="signup-submit" disabled={busy}>
        {busy ? t.submitting : t.submit}
      </button>
      <p class="signup-signin">
        {t.haveAccount} <a href="/owner.html">{t.signIn}</a>
      </p>
    </form>
  );
}
