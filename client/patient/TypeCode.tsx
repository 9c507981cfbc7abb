// For a patient who cannot scan the QR: the clinic code, ticket number and
// short code printed under it open the same ticket (client/reception/print).
import { useState } from 'preact/hooks';
import type { Language } from '../i18n/core.ts';
import { useI18n } from './messages.ts';
import { type LookupResult, lookUpTicket } from './code-lookup.ts';

interface Words {
  title: string;
  intro: string;
  clinicCode: string;
  ticket: string;
  code: string;
  open: string;
  opening: string;
  errors: Record<Exclude<LookupResult, { ok: true }>['error'], string>;
}

/** Its own words: the page's dictionaries are shared with screens that never show this form. */
const WORDS: Record<Language, Words> = {
  fr: {
    title: 'Pas de caméra ?',
    intro: 'Saisissez les codes imprimés sous le QR de votre ticket.',
    clinicCode: 'Code du cabinet',
    ticket: 'Numéro du ticket',
    code: 'Code',
    open: 'Ouvrir mon ticket',
    opening: 'Ouverture…',
    errors: {
      not_found: "Aucun ticket du jour avec ces codes. Vérifiez-les, ou demandez à l'accueil.",
      rate_limited: 'Trop d’essais. Réessayez dans une minute.',
      offline: 'Pas de connexion internet. Réessayez dans un instant.',
      server: 'Le service ne répond pas. Réessayez dans un instant.',
    },
  },
  ar: {
    title: 'لا توجد كاميرا؟',
    intro: 'أدخل الرموز المطبوعة تحت رمز QR في تذكرتك.',
    clinicCode: 'رمز العيادة',
    ticket: 'رقم التذكرة',
    code: 'الرمز',
    open: 'افتح تذكرتي',
    opening: 'جارٍ الفتح…',
    errors: {
      not_found: 'لا توجد تذكرة اليوم بهذه الرموز. تحقق منها أو اسأل الاستقبال.',
      rate_limited: 'محاولات كثيرة. أعد المحاولة بعد دقيقة.',
      offline: 'لا يوجد اتصال بالإنترنت. أعد المحاولة بعد قليل.',
      server: 'الخدمة لا تستجيب. أعد المحاولة بعد قليل.',
    },
  },
  en: {
    title: 'No camera?',
    intro: 'Type the codes printed under the QR code on your ticket.',
    clinicCode: 'Clinic code',
    ticket: 'Ticket number',
    code: 'Code',
    open: 'Open my ticket',
    opening: 'Opening…',
    errors: {
      not_found: 'No ticket today with these codes. Check them, or ask the reception.',
      rate_limited: 'Too many tries. Try again in a minute.',
      offline: 'No internet connection. Try again in a moment.',
      server: 'The service is not answering. Try again in a moment.',
    },
  },
};

export function TypeCode({ clinic }: { clinic: string | null }) {
  const { lang } = useI18n();
  const w = WORDS[lang];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<keyof Words['errors'] | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '');
    setBusy(true);
    setError(null);
    const r = await lookUpTicket({ clinic: field('clinic'), ticket: field('ticket'), code: field('code') });
    setBusy(false);
    // The ticket's own link: the page starts over with it, as if it had been scanned.
    if (r.ok) location.assign(r.path);
    else setError(r.error);
  };

  const input = (name: string, label: string, value?: string) => (
    <label class="field">
      <span>{label}</span>
      <input
        name={name}
        data-testid={`code-${name}`}
        dir="ltr"
        autoComplete="off"
        autoCapitalize="characters"
        spellcheck={false}
        maxLength={16}
        required
        defaultValue={value}
      />
    </label>
  );

  return (
    <form class="card type-code" onSubmit={submit} data-testid="type-code">
      <h2>{w.title}</h2>
      <p class="muted">{w.intro}</p>
      {input('clinic', w.clinicCode, clinic ?? undefined)}
      {input('ticket', w.ticket)}
      {input('code', w.code)}
      {error && (
        <p class="error" role="alert" data-testid="code-error">
          {w.errors[error]}
        </p>
      )}
      <button class="btn primary wide" type="submit" disabled={busy} data-testid="code-open">
        {busy ? w.opening : w.open}
      </button>
    </form>
  );
}
