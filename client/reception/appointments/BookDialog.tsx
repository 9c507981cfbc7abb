// Booking a free slot: the patient's name, phone, language, WhatsApp consent
// and how the booking came (at the desk or by phone). Checked with the same
// BookingForm schema as the public booking page; a slot taken meanwhile (a
// booking replicated from elsewhere) is refused here, in words, and the slot
// behind the dialog shows who holds it.
import { useRef, useState } from 'preact/hooks';
import { BookingForm } from '../../../shared/bookings.ts';
import type { AppointmentSource, Language } from '../../../shared/schemas.ts';
import { DeskDialog } from '../DeskDialog.tsx';
import { useI18n } from '../i18n/index.ts';
import { type FieldError, validatePatient } from '../patient-fields.ts';
import { NameAndPhone, PatientError, TicketLanguage, WhatsappOptIn } from '../PatientFields.tsx';
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
  const { lang } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState<Language | ''>('');
  const [whatsapp, setWhatsapp] = useState(false);
  const [source, setSource] = useState<(typeof DESK_SOURCES)[number]>('desk');
  const [error, setError] = useState<FieldError>(null);
  const [refused, setRefused] = useState<string | null>(null);
  // A ref, not state: a double Enter arrives before any re-render.
  const busy = useRef(false);

  const submit = async () => {
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
    if (invalid || !form.success || busy.current) return;
    busy.current = true;
    const refusal = await onBook({ ...form.data, minutes, source });
    busy.current = false;
    setRefused(refusal);
  };

  return (
    <DeskDialog title={title} testId="book-dialog" submitLabel={w.book} onSubmit={() => void submit()} onClose={onClose}>
      <NameAndPhone form="book" name={name} phone={phone} error={error} onName={setName} onPhone={setPhone} />
      <WhatsappOptIn form="book" phone={phone} checked={whatsapp} onChange={setWhatsapp} />
      <TicketLanguage form="book" languages={languages} value={language} onChange={setLanguage} />
      <fieldset class="field sources">
        <legend>{w.source}</legend>
        {DESK_SOURCES.map((s) => (
          <label key={s} class="check">
            <input type="radio" name="book-source" data-testid={`book-source-${s}`} checked={source === s} onChange={() => setSource(s)} />
            {w.sources[s]}
          </label>
        ))}
      </fieldset>
      <PatientError form="book" error={error} />
      {refused && (
        <p class="error" role="alert" data-testid="book-refused">
          {refused}
        </p>
      )}
    </DeskDialog>
  );
}
