import { useMemo, useRef, useState } from 'preact/hooks';
import { decodeTicket, isExpired, rememberTicket, storedTickets } from '../patient/tickets.ts';
import { checkIn, newRequestId, type ClinicInfo, type QueueNow } from './api.ts';
import { useI18n, type FormError } from './messages.ts';

/** The server's limits (shared/schemas.ts Entry): checked here too so mistakes show before sending. */
const NAME_MAX = 120;
const PHONE_MAX = 32;
const PHONE_CHARS = /^[0-9+ ()-]*$/;

interface Props {
  clinicId: string;
  /** The on-site code when the form was opened from the clinic's screen; null: from afar. */
  onSite: string | null;
  info: ClinicInfo;
  /** The clinic changed under the form (a doctor left): load it again. */
  onStale: () => void;
}

export function CheckinForm({ clinicId, onSite, info, onStale }: Props) {
  const { t, num, minutesRange, locale, lang } = useI18n();
  // Made once per form: every submit of this form is the same check-in for the server.
  const requestId = useMemo(newRequestId, []);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [whatsapp, setWhatsapp] = useState(false);
  const [doctorId, setDoctorId] = useState('');
  const [busy, setBusy] = useState(false);
  // A double tap submits twice before `busy` re-renders: this ref lets one request through, and one navigation
  // (two would abort each other).
  const sending = useRef(false);
  const [error, setError] = useState<FormError | null>(null);
  // The next opening the server named when it refused a check-in from afar (the clinic closed since the form loaded).
  const [refusedNext, setRefusedNext] = useState<number | null>(null);
  const existing = useMemo(() => storedTickets().find((x) => x.cid === clinicId && !isExpired(x)), [clinicId]);

  if (!info.clinic.selfCheckIn || error === 'checkin_closed') {
    return (
      <section class="card notice" data-testid="checkin-closed" role="alert">
        <h1>{t.closedTitle}</h1>
        <p>{t.closedText}</p>
      </section>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending.current) return;
    const trimmed = name.trim();
    if (!trimmed) return setError('name_required');
    if (!PHONE_CHARS.test(phone)) return setError('phone_invalid');
    sending.current = true;
    setBusy(true);
    setError(null);
    // The patient's messages come in the language they read this form in.
    const r = await checkIn(clinicId, {
      requestId,
      name: trimmed,
      phone: phone.trim() || null,
      doctorId: doctorId || null,
      onSite,
      language: lang,
      whatsapp: whatsapp && phone.trim() !== '',
    });
    if (r.ok) {
      const ticket = decodeTicket(r.token);
      if (ticket) rememberTicket(ticket);
      // Replace: "back" must not return to a form that would take a second ticket.
      location.replace(r.path);
      return;
    }
    sending.current = false;
    setBusy(false);
    setError(r.error);
    if (r.next) setRefusedNext(r.next);
    if (r.error === 'unknown_doctor') {
      setDoctorId('');
      onStale();
    }
  };

  const fieldError = (f: FormError[]) => (error && f.includes(error) ? true : undefined);
  // Each choice says what it means before the patient makes it.
  const queueText = (q: Partial<QueueNow> | undefined) =>
    q?.waiting !== undefined && q.wait ? t.queueNow(num(q.waiting), minutesRange(q.wait.low, q.wait.high)) : null;
  const withQueue = (label: string, q: Partial<QueueNow> | undefined) => [label, queueText(q)].filter(Boolean).join(' · ');
  const chosen = doctorId ? info.doctors.find((d) => d.id === doctorId) : info.anyDoctor;
  const next = refusedNext ?? (info.opening?.open === false ? info.opening.next : null);
  return (
    <form class="card checkin-form" onSubmit={submit} noValidate data-testid="checkin-form">
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      {next !== null && (
        <p class="stale" data-testid="checkin-hours" data-next={next} role="status">
          {t.closedUntil(new Intl.DateTimeFormat(locale, { weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(next))}
        </p>
      )}
      {info.reception?.live === false && (
        <p class="stale" data-testid="checkin-reception-quiet" role="status">
          {t.receptionQuiet}
        </p>
      )}
      {existing && (
        <p class="existing" data-testid="checkin-existing">
          {t.existing} <a href={`/patient.html#t=${existing.token}`}>{t.openTicket}</a>
        </p>
      )}
      <label class="field">
        <span>{t.name}</span>
        <input
          data-testid="checkin-name"
          autoComplete="name"
          maxLength={NAME_MAX}
          required
          aria-invalid={fieldError(['name_required', 'invalid'])}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>
          {t.phone} <span class="muted">({t.optional})</span>
        </span>
        <input
          data-testid="checkin-phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          dir="ltr"
          maxLength={PHONE_MAX}
          aria-invalid={fieldError(['phone_invalid', 'invalid'])}
          aria-describedby="phone-hint"
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
        <span id="phone-hint" class="muted small hint">
          {t.phoneHint}
        </span>
      </label>
      <label class="check">
        <input
          type="checkbox"
          data-testid="checkin-whatsapp"
          checked={whatsapp && phone.trim() !== ''}
          disabled={phone.trim() === ''}
          onChange={(e) => setWhatsapp(e.currentTarget.checked)}
        />
        {t.whatsappOptIn}
      </label>
      {info.doctors.length > 1 && (
        <label class="field">
          <span>{t.doctor}</span>
          <select data-testid="checkin-doctor" value={doctorId} onChange={(e) => setDoctorId(e.currentTarget.value)}>
            <option value="">{withQueue(t.anyDoctor, info.anyDoctor)}</option>
            {info.doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {withQueue(d.room ? t.doctorInRoom(d.name, d.room) : d.name, d)}
              </option>
            ))}
          </select>
        </label>
      )}
      {chosen?.waiting !== undefined && chosen.wait && (
        <p class="muted" data-testid="checkin-queue" data-waiting={chosen.waiting} data-low={chosen.wait.low} data-high={chosen.wait.high}>
          {queueText(chosen)}
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="checkin-error" data-error={error}>
          {t.errors[error]}
        </p>
      )}
      <button class="btn primary wide big" type="submit" data-testid="checkin-submit" disabled={busy}>
        {busy ? t.submitting : t.submit}
      </button>
      <p class="muted small">{t.privacy}</p>
    </form>
  );
}
