// Pick a slot, give a name and a phone, book. The server answers the booking
// link; the page goes there (the confirmation, with cancel and move).
import { useMemo, useRef, useState } from 'preact/hooks';
import { newRequestId } from '../checkin/api.ts';
import { book, type FreeSlot, type SlotsInfo } from './api.ts';
import { useI18n, type FormError } from './messages.ts';
import { SlotPicker } from './SlotPicker.tsx';

/** The server's limits (shared/schemas.ts Appointment): checked here too so mistakes show before sending. */
const NAME_MAX = 120;
const PHONE_MAX = 32;
const PHONE_CHARS = /^[0-9+ ()-]+$/;

export function BookForm({ clinicId, info, onStale }: { clinicId: string; info: SlotsInfo; onStale: () => void }) {
  const { t, lang } = useI18n();
  // One per form: a double tap or a retry is the same booking for the server.
  const requestId = useMemo(newRequestId, []);
  const [doctorId, setDoctorId] = useState(info.doctors[0]?.id ?? '');
  const [slot, setSlot] = useState<FreeSlot | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [whatsapp, setWhatsapp] = useState(false);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [error, setError] = useState<FormError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending.current) return;
    if (!slot) return setError('slot_required');
    if (!name.trim()) return setError('name_required');
    if (!phone.trim()) return setError('phone_required');
    if (!PHONE_CHARS.test(phone)) return setError('phone_invalid');
    sending.current = true;
    setBusy(true);
    setError(null);
    const r = await book(clinicId, {
      requestId,
      doctorId,
      start: slot.start,
      name: name.trim(),
      phone: phone.trim(),
      language: lang,
      whatsapp,
    });
    if (r.ok) {
      // Replace: "back" must not return to a form that would book again.
      location.replace(r.value);
      return;
    }
    sending.current = false;
    setBusy(false);
    setError(r.error);
    if (r.error === 'slot_taken' || r.error === 'not_a_slot') {
      setSlot(null);
      onStale();
    }
  };

  const invalid = (f: FormError[]) => (error && f.includes(error) ? true : undefined);
  return (
    <form class="card book-form" onSubmit={submit} noValidate data-testid="book-form">
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      <SlotPicker
        info={info}
        doctorId={doctorId}
        onDoctor={(id) => {
          setDoctorId(id);
          setSlot(null);
        }}
        chosen={slot}
        onChoose={setSlot}
      />
      <label class="field">
        <span>{t.name}</span>
        <input
          data-testid="book-name"
          autoComplete="name"
          maxLength={NAME_MAX}
          required
          aria-invalid={invalid(['name_required', 'invalid'])}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>{t.phone}</span>
        <input
          data-testid="book-phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          dir="ltr"
          required
          maxLength={PHONE_MAX}
          aria-invalid={invalid(['phone_required', 'phone_invalid', 'invalid', 'too_many_bookings'])}
          aria-describedby="book-phone-hint"
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
        <span id="book-phone-hint" class="muted small">
          {t.phoneHint}
        </span>
      </label>
      <label class="check">
        <input type="checkbox" data-testid="book-whatsapp" checked={whatsapp} onChange={(e) => setWhatsapp(e.currentTarget.checked)} />
        {t.whatsappOptIn}
      </label>
      {error && (
        <p class="error" role="alert" data-testid="book-error" data-error={error}>
          {t.errors[error]}
        </p>
      )}
      <button class="btn primary wide big" type="submit" data-testid="book-submit" disabled={busy}>
        {busy ? t.submitting : t.submit}
      </button>
      <p class="muted small">{t.privacy}</p>
    </form>
  );
}
