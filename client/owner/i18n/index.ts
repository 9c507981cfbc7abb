// The owner area's language: its own dictionaries (the reception's words stay
// out of this page and these stay out of the tablet), Intl formatters for the
// locale, and the document turned to RTL for Arabic.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { LANGUAGES, type Language } from '../../../shared/schemas.ts';
import type { OwnerMessages } from './messages.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Language, OwnerMessages };
export { LANGUAGES };

/** The reception's key too: one browser, one language choice. */
const STORAGE_KEY = 'doctorq.lang';
const DEFAULT_LANGUAGE: Language = 'fr';

/** Names shown in the switcher, each in its own language: one list for every page. */
export { LANGUAGE_NAMES } from '../../i18n/lite.ts';
/** Tunisian locales, as on the tablet: Arabic there writes Latin digits. */
const LOCALES: Record<Language, string> = { ar: 'ar-TN', fr: 'fr-TN', en: 'en-GB' };
const DICTIONARIES: Record<Language, OwnerMessages> = { ar, fr, en };

export interface OwnerI18n {
  lang: Language;
  locale: string;
  dir: 'rtl' | 'ltr';
  t: OwnerMessages;
  num: (n: number) => string;
  /** A ratio 0..1 as a percentage. */
  pct: (ratio: number) => string;
  /** Minutes, or a dash when there is no figure. */
  minutes: (n: number | null) => string;
  /** A clinic day (YYYY-MM-DD), short: chart labels. */
  day: (day: string) => string;
  /** A clinic day with its year: summaries and tables. */
  dayFull: (day: string) => string;
  dateTime: (at: string | number) => string;
  /** A moment's date only, in the browser's zone: "trial ends on …". */
  date: (at: string) => string;
  /** A clinic month (YYYY-MM), with its year. */
  month: (month: string) => string;
  /** Millimes as dinars: 1 TND = 1,000 millimes. */
  money: (millimes: number) => string;
  /** A size in bytes, in the largest unit that keeps it above 1. */
  bytes: (n: number) => string;
  /** ISO weekday 1 (Monday) … 7. */
  weekday: (isoDay: number) => string;
  hour: (h: number) => string;
}

/** Clinic days are calendar dates: formatted at UTC noon so no zone moves them to the next or previous day. */
const dayToDate = (day: string): number => Date.parse(`${day}T12:00:00Z`);
/** 2024-01-01 was a Monday: ISO weekday n is that date plus n - 1 days. */
const MONDAY = Date.UTC(2024, 0, 1, 12);
const DAY_MS = 86_400_000;
const MILLIMES_PER_DINAR = 1000;
/** Decimal units, as the `kilobyte` … `gigabyte` names of Intl mean. */
const BYTE_UNITS = [
  ['gigabyte', 1e9],
  ['megabyte', 1e6],
  ['kilobyte', 1e3],
] as const;

function build(lang: Language): OwnerI18n {
  const locale = LOCALES[lang];
  const t = DICTIONARIES[lang];
  const num = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short', maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const dayFull = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  // Clinics in Tunisia read a 24-hour clock, whatever the language's default.
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const hour = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  // Whole dinars print without decimals; a price in millimes keeps them.
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'TND', minimumFractionDigits: 0, maximumFractionDigits: 3 });
  const bytes = (n: number) => {
    const unit = BYTE_UNITS.find(([, size]) => n >= size);
    const [name, size] = unit ?? ['byte', 1];
    return new Intl.NumberFormat(locale, { style: 'unit', unit: name, maximumFractionDigits: 1 }).format(n / size);
  };
  return {
    lang,
    locale,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    t,
    num: (n) => num.format(n),
    pct: (r) => pct.format(r),
    minutes: (n) => (n === null ? t.none : minutes.format(n)),
    day: (d) => day.format(dayToDate(d)),
    dayFull: (d) => dayFull.format(dayToDate(d)),
    dateTime: (at) => dateTime.format(typeof at === 'string' ? Date.parse(at) : at),
    weekday: (n) => weekday.format(MONDAY + (n - 1) * DAY_MS),
    hour: (h) => hour.format(Date.UTC(2024, 0, 1, h)),
    date: (at) => date.format(Date.parse(at)),
    month: (m) => month.format(Date.parse(`${m}-15T12:00:00Z`)),
    money: (millimes) => money.format(millimes / MILLIMES_PER_DINAR),
    bytes,
  };
}

const built = new Map<Language, OwnerI18n>();
export function i18nFor(lang: Language): OwnerI18n {
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
export function applyLanguage(lang: Language): OwnerI18n {
  localStorage.setItem(STORAGE_KEY, lang);
  const i = i18nFor(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = i.dir;
  document.title = i.t.appTitle;
  return i;
}

export const OwnerI18nContext = createContext<OwnerI18n>(i18nFor(DEFAULT_LANGUAGE));
export const useI18n = (): OwnerI18n => useContext(OwnerI18nContext);

/** How the language switch reaches the root, which owns the language state. */
export const SetLanguageContext = createContext<(lang: Language) => void>(() => {});
