// Booking a free slot: the patient's name, phone, language, WhatsApp consent
// and how the booking came (at the desk or by phone). Checked with the same
// BookingForm schema as the public booking page; a slot taken meanwhile (a
// booking replicated from elsewhere) is refused here, in words, and the slot
// behind the dialog shows who holds it.
import { useState } from 'preact/hooks';
import { BookingForm } from '../../../shared/bookings.ts';
import type { AppointmentSource, Language } from '../../../shared/schemas.ts';
import { LANGUAGE_NAMES, isLanguage } from '../../i18n/core.ts';
import { DeskDialog } from '../DeskDialog.tsx';
import { useI18n } from '../i18n/index.ts';
import { type FieldError, validatePatient } from '../patient-fields.ts';
import type { NewBooking } from './actions.ts';
import { APPOINTMENT_WORDS } from './words.ts';

/** The desk books in person or on the phone; online bookings come from the public page. */
const DESK_SOURCES = ['desk', 'phone'] as const satisfies readonly AppointmentSource[];

interface Props {
  doctorId: string;
  start: number;
  minutes: number;
  title: string;
  languages: readonly Language[];
  /** Resolves to a refusal's words, or null once booked (the dialog then closes). */
  onBook: (b: NewBooking) => Promise<string | null>;
  onClose: () => void;
}

export function BookDialog({ doctorId, start, minutes, title, languages, onBook, onClose }: Props) {
  const { t, lang } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState<Language | ''>('');
  const [whatsapp, setWhatsapp] = useState(false);
  const [source, setSource] = useState<(typeof DESK_SOURCES)[number]>('desk');
  const [error, setError] = useState<FieldError>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const invalid = validatePatient(name, phone);
    setError(invalid);
    const form = BookingForm.safeParse({
      name,
      phone,
      doctorId,
      start,
      language: language || null,
      whatsapp: whatsapp && phone.trim() !== '',
    });
    if (invalid || !form.success) return;
    setBusy(true);
    const refusal = await onBook({ ...form.data, minutes, source });
    setBusy(false);
    setRefused(refusal);
  };

  return (
    <DeskDialog title={title} testId="book-dialog" submitLabel={w.book} onSubmit={() => void submit()} onClose={onClose}>
      <label class="field">
        <span>{t.name}</span>
        <input
          data-testid="book-name"
          autoComplete="off"
          maxLength={120}
          value={name}
          aria-invalid={error === 'name'}
          aria-describedby={error ? 'book-error' : undefined}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>
          {t.phone} <span class="muted">({t.optional})</span>
        </span>
        <input
          data-testid="book-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          dir="ltr"
          maxLength={32}
          value={phone}
          aria-invalid={error === 'phone'}
          aria-describedby={error ? 'book-error' : undefined}
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          data-testid="book-whatsapp"
          checked={whatsapp && phone.trim() !== ''}
          disabled={phone.trim() === ''}
          onChange={(e) => setWhatsapp(e.currentTarget.checked)}
        />
        {t.whatsappOptIn}
      </label>
      {languages.length > 1 && (
        <label class="field">
          <span>{t.ticketLanguage}</span>
          <select
            data-testid="book-language"
            value={language}
            onChange={(e) => setLanguage(isLanguage(e.currentTarget.value) ? e.currentTarget.value : '')}
          >
            <option value="">{t.clinicLanguage(LANGUAGE_NAMES[languages[0]!])}</option>
            {languages.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset class="field sources">
        <legend>{w.source}</legend>
        {DESK_SOURCES.map((s) => (
          <label key={s} class="check">
            <input type="radio" name="book-source" data-testid={`book-source-${s}`} checked={source === s} onChange={() => setSource(s)} />
            {w.sources[s]}
          </label>
        ))}
      </fieldset>
      {error && (
        <p class="error" id="book-error" role="alert">
          {error === 'name' ? t.errNameRequired : t.errPhoneInvalid}
        </p>
      )}
      {refused && (
        <p class="error" role="alert" data-testid="book-refused">
          {refused}
        </p>
      )}
    </DeskDialog>
  );
}
