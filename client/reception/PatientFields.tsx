// The patient's fields the desk asks for in three places (registering a
// walk-in, correcting a visit, booking a slot): one markup, the same limits,
// and each field pointing at the error message only when it is the one wrong.
// The rules themselves are patient-fields.ts.
import type { Ref } from 'preact';
import type { Language } from '../../shared/schemas.ts';
import { LANGUAGE_NAMES, isLanguage } from '../i18n/core.ts';
import { useI18n } from './i18n/index.ts';
import type { FieldError } from './patient-fields.ts';

/** `form` prefixes the fields' test ids and names the error message (`${form}-error`). */
interface NameAndPhoneProps {
  form: string;
  name: string;
  phone: string;
  error: FieldError;
  onName: (value: string) => void;
  onPhone: (value: string) => void;
  nameRef?: Ref<HTMLInputElement>;
}

export function NameAndPhone({ form, name, phone, error, onName, onPhone, nameRef }: NameAndPhoneProps) {
  const { t } = useI18n();
  const describedBy = (field: FieldError) => (error === field ? `${form}-error` : undefined);
  return (
    <>
      <label class="field">
        <span>{t.name}</span>
        <input
          ref={nameRef}
          data-testid={`${form}-name`}
          autoComplete="off"
          maxLength={120}
          value={name}
          aria-invalid={error === 'name'}
          aria-describedby={describedBy('name')}
          onInput={(e) => onName(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>
          {t.phone} <span class="muted">({t.optional})</span>
        </span>
        <input
          data-testid={`${form}-phone`}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          dir="ltr"
          maxLength={32}
          value={phone}
          aria-invalid={error === 'phone'}
          aria-describedby={describedBy('phone')}
          onInput={(e) => onPhone(e.currentTarget.value)}
        />
      </label>
    </>
  );
}

/** Asked, never assumed: WhatsApp needs the patient's agreement (the server sends SMS otherwise), and a phone. */
export function WhatsappOptIn({
  form,
  phone,
  checked,
  onChange,
}: {
  form: string;
  phone: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const { t } = useI18n();
  const noPhone = phone.trim() === '';
  return (
    <label class="check">
      <input
        type="checkbox"
        data-testid={`${form}-whatsapp`}
        checked={checked && !noPhone}
        disabled={noPhone}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      {t.whatsappOptIn}
    </label>
  );
}

/** The ticket's language among the clinic's (its own first; '' keeps the clinic's); nothing to ask with one language. */
export function TicketLanguage({
  form,
  languages,
  value,
  onChange,
}: {
  form: string;
  languages: readonly Language[];
  value: Language | '';
  onChange: (language: Language | '') => void;
}) {
  const { t } = useI18n();
  if (languages.length <= 1) return null;
  return (
    <label class="field">
      <span>{t.ticketLanguage}</span>
      <select
        data-testid={`${form}-language`}
        value={value}
        onChange={(e) => onChange(isLanguage(e.currentTarget.value) ? e.currentTarget.value : '')}
      >
        <option value="">{t.clinicLanguage(LANGUAGE_NAMES[languages[0]!])}</option>
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function PatientError({ form, error }: { form: string; error: FieldError }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p class="error" id={`${form}-error`} role="alert">
      {error === 'name' ? t.errNameRequired : t.errPhoneInvalid}
    </p>
  );
}
