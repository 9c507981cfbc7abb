import { useEffect, useRef, useState } from 'preact/hooks';
import type { Doctor, Language } from '../../shared/schemas.ts';
import { type FieldError, validatePatient } from './patient-fields.ts';
import { NameAndPhone, PatientError, TicketLanguage, WhatsappOptIn } from './PatientFields.tsx';
import { useI18n } from './i18n/index.ts';
import type { NewPatient } from './entries.ts';
import type { ReturningPatient } from '../../shared/returning.ts';
import type { Suggest } from './returning.ts';
import { Suggestions } from './Suggestions.tsx';

/** Wait for a pause in typing before looking up, so one word is one look-up, not one per letter. */
const SUGGEST_DEBOUNCE_MS = 250;

interface Props {
  doctors: readonly Doctor[];
  /** The clinic's languages, its own first: the patient's ticket is in one of them. */
  languages: readonly Language[];
  /** The doctor tab on screen: a patient registered there is usually for that doctor. */
  defaultDoctorId: string | null;
  readOnly: boolean;
  /** Resolves false when the write failed (already reported): the form keeps what was typed. */
  onRegister: (p: NewPatient) => Promise<boolean>;
  /** Returning patients for what is typed (the phone when it has digits, else the name). */
  suggest: Suggest;
}

export function RegisterForm({ doctors, languages, defaultDoctorId, readOnly, onRegister, suggest }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [doctorId, setDoctorId] = useState(defaultDoctorId ?? '');
  const [urgent, setUrgent] = useState(false);
  // '': the clinic's language (the entry stores null, so a later change of the clinic's follows).
  const [language, setLanguage] = useState<Language | ''>('');
  const [whatsapp, setWhatsapp] = useState(false);
  const [error, setError] = useState<FieldError>(null);
  // A ref, not state: a double Enter arrives before any re-render.
  const busy = useRef(false);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => setDoctorId(defaultDoctorId ?? ''), [defaultDoctorId]);

  const [suggestions, setSuggestions] = useState<readonly ReturningPatient[]>([]);
  // Cleared once chosen, until the receptionist types again.
  const [chosen, setChosen] = useState(false);
  const query = /\d/.test(phone) ? phone.trim() : name.trim();
  useEffect(() => {
    if (chosen) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      suggest(query, ctl.signal).then(
        (found) => {
          if (!ctl.signal.aborted) setSuggestions(found);
        },
        (err: unknown) => console.warn('returning patients could not be read', err),
      );
    }, SUGGEST_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [query, suggest, chosen]);

  const choose = (p: ReturningPatient) => {
    setName(p.name);
    setPhone(p.phone ?? '');
    setChosen(true);
    setSuggestions([]);
    nameRef.current?.focus();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const invalid = validatePatient(name, phone);
    setError(invalid);
    if (invalid || busy.current) return;
    busy.current = true;
    const saved = await onRegister({
      name: name.trim(),
      phone: phone.trim() || null,
      doctorId: doctorId || null,
      priority: urgent ? 'urgent' : 'normal',
      language: language || null,
      whatsapp,
    });
    busy.current = false;
    if (saved) {
      setName('');
      setPhone('');
      setUrgent(false);
      setLanguage('');
      setWhatsapp(false);
      setChosen(false);
      setSuggestions([]);
    }
    // Ready for the next walk-in without touching the screen.
    nameRef.current?.focus();
  };

  return (
    <form class="card register" onSubmit={submit} noValidate data-testid="register-form">
      <h2>{t.registerTitle}</h2>
      <fieldset disabled={readOnly}>
        <NameAndPhone
          form="register"
          name={name}
          phone={phone}
          error={error}
          nameRef={nameRef}
          onName={(v) => {
            setName(v);
            setChosen(false);
          }}
          onPhone={(v) => {
            setPhone(v);
            setChosen(false);
          }}
        />
        <WhatsappOptIn form="register" phone={phone} checked={whatsapp} onChange={setWhatsapp} />
        <Suggestions patients={suggestions} onChoose={choose} />
        <label class="field">
          <span>{t.doctor}</span>
          <select data-testid="register-doctor" value={doctorId} onChange={(e) => setDoctorId(e.currentTarget.value)}>
            <option value="">{t.anyDoctor}</option>
            {doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <TicketLanguage form="register" languages={languages} value={language} onChange={setLanguage} />
        <label class="check">
          <input type="checkbox" data-testid="register-urgent" checked={urgent} onChange={(e) => setUrgent(e.currentTarget.checked)} />
          <span>{t.urgent}</span>
        </label>
        <PatientError form="register" error={error} />
        <button class="btn primary wide" type="submit" data-testid="register-submit">
          {t.register}
        </button>
      </fieldset>
    </form>
  );
}
