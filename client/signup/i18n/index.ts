// The sign-up page's language: the same stored choice as the owner area and
// the reception (one browser, one language), the document turned to RTL for
// Arabic, and the number formats of the locale.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { LANGUAGES, type Language } from '../../../shared/schemas.ts';
import type { SignupMessages } from './messages.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Language, SignupMessages };
export { LANGUAGES };

const STORAGE_KEY = 'doctorq.lang';
const DEFAULT_LANGUAGE: Language = 'fr';
const MILLIMES_PER_DINAR = 1000;

/** Names shown in the switcher, each in its own language: one list for every page. */
export { LANGUAGE_NAMES } from '../../i18n/lite.ts';
/** Tunisian locales, as on the other pages: Arabic there writes Latin digits. */
const LOCALES: Record<Language, string> = { ar: 'ar-TN', fr: 'fr-TN', en: 'en-GB' };
const DICTIONARIES: Record<Language, SignupMessages> = { ar, fr, en };

export interface SignupI18n {
  lang: Language;
  t: SignupMessages;
  num: (n: number) => string;
  /** Millimes as dinars. */
  money: (millimes: number) => string;
}

function build(lang: Language): SignupI18n {
  const locale = LOCALES[lang];
  const num = new Intl.NumberFormat(locale);
  // Whole dinars print without decimals.
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'TND', minimumFractionDigits: 0, maximumFractionDigits: 3 });
  return { lang, t: DICTIONARIES[lang], num: (n) => num.format(n), money: (m) => money.format(m / MILLIMES_PER_DINAR) };
}

export function savedLanguage(): Language {
  const v = localStorage.getItem(STORAGE_KEY);
  return (LANGUAGES as readonly (string | null)[]).includes(v) ? (v as Language) : DEFAULT_LANGUAGE;
}

/** Remembers the choice (the owner page opens in it after sign-up) and mirrors the document for Arabic. */
export function applyLanguage(lang: Language): SignupI18n {
  localStorage.setItem(STORAGE_KEY, lang);
  const i = build(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = i.t.appTitle;
  return i;
}

export const SignupI18nContext = createContext<SignupI18n>(build(DEFAULT_LANGUAGE));
export const useI18n = (): SignupI18n => useContext(SignupI18nContext);
