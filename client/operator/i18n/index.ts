// The operator portal's language: its own dictionaries (no other page's words
// come into this bundle), Intl formatters for the locale, and the document
// turned to RTL for Arabic.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { LANGUAGES, type Language } from '../../../shared/schemas.ts';
import type { OperatorMessages } from './messages.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Language, OperatorMessages };
export { LANGUAGES };

/** Every DoctorQ page's key: one browser, one language choice. */
const STORAGE_KEY = 'doctorq.lang';
const DEFAULT_LANGUAGE: Language = 'fr';

/** Names shown in the switcher, each in its own language: one list for every page. */
export { LANGUAGE_NAMES } from '../../i18n/lite.ts';
/** Tunisian locales, as on the tablet: Arabic there writes Latin digits. */
const LOCALES: Record<Language, string> = { ar: 'ar-TN', fr: 'fr-TN', en: 'en-GB' };
const DICTIONARIES: Record<Language, OperatorMessages> = { ar, fr, en };

const MILLIMES_PER_DINAR = 1000;
/** Decimal units, as Intl names them (kB, MB). */
const KB = 1000;
const MB = KB * KB;
/** Largest first: a relative time uses the first unit the gap reaches. */
const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export interface OperatorI18n {
  lang: Language;
  locale: string;
  dir: 'rtl' | 'ltr';
  t: OperatorMessages;
  num: (n: number) => string;
  /** An amount in millimes, shown in dinars. */
  money: (millimes: number) => string;
  /** Bytes as kB below a megabyte, MB above. */
  bytes: (n: number) => string;
  date: (at: string) => string;
  dateTime: (at: string) => string;
  /** A clinic month (YYYY-MM) by name. */
  month: (month: string) => string;
  /** "3 hours ago", from `now`. */
  ago: (at: string, now: number) => string;
  /** "a, b and c", with the language's own separators. */
  list: (items: string[]) => string;
}

function build(lang: Language): OperatorI18n {
  const locale = LOCALES[lang];
  const t = DICTIONARIES[lang];
  const num = new Intl.NumberFormat(locale);
  // Whole dinars without millimes: "150,000 DT" reads as 150 000 to most eyes.
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'TND', minimumFractionDigits: 0, maximumFractionDigits: 3 });
  const kb = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 });
  const mb = new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  // Tunisia reads a 24-hour clock, whatever the language's default.
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  return {
    lang,
    locale,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    t,
    num: (n) => num.format(n),
    money: (m) => money.format(m / MILLIMES_PER_DINAR),
    bytes: (n) => (n < MB ? kb.format(n / KB) : mb.format(n / MB)),
    date: (at) => date.format(Date.parse(at)),
    dateTime: (at) => dateTime.format(Date.parse(at)),
    // Mid-month at UTC noon: no time zone moves it into the next or previous month.
    month: (m) => month.format(Date.parse(`${m}-15T12:00:00Z`)),
    ago: (at, now) => {
      const gap = Date.parse(at) - now;
      for (const [unit, ms] of RELATIVE_UNITS) {
        if (Math.abs(gap) >= ms) return relative.format(Math.trunc(gap / ms), unit);
      }
      return relative.format(0, 'minute');
    },
    list: (items) => list.format(items),
  };
}

const built = new Map<Language, OperatorI18n>();
function i18nFor(lang: Language): OperatorI18n {
  let i = built.get(lang);
  if (!i) built.set(lang, (i = build(lang)));
  return i;
}

function isLanguage(v: unknown): v is Language {
  return (LANGUAGES as readonly unknown[]).includes(v);
}

export function savedLanguage(): Language {
  const v = localStorage.getItem(STORAGE_KEY);
  return isLanguage(v) ? v : DEFAULT_LANGUAGE;
}

/** Remembers the choice and turns the whole document, so the browser mirrors the layout for Arabic. */
export function applyLanguage(lang: Language): OperatorI18n {
  localStorage.setItem(STORAGE_KEY, lang);
  const i = i18nFor(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = i.dir;
  document.title = i.t.appTitle;
  return i;
}

export const OperatorI18nContext = createContext<OperatorI18n>(i18nFor(DEFAULT_LANGUAGE));
export const useI18n = (): OperatorI18n => useContext(OperatorI18nContext);

/** How the language switch reaches the root, which owns the language state. */
export const SetLanguageContext = createContext<(lang: Language) => void>(() => {});
