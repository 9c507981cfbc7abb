// The chosen language, its dictionary and its Intl formatters, handed down
// through one context: one I18n object per language, so components that
// receive it re-render only when the language changes.
import { createContext } from 'preact';
import { BehaviorSubject } from 'rxjs';
import { useContext } from 'preact/hooks';
import { LANGUAGES, type Language } from '../../shared/schemas.ts';
import type { Messages } from './messages.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Language, Messages };
export { LANGUAGES };

const STORAGE_KEY = 'doctorq.lang';
export const DEFAULT_LANGUAGE: Language = 'fr';

/** Names shown in the switcher, each in its own language: one list for every page. */
export { LANGUAGE_NAMES } from './lite.ts';

/** Tunisian locales: Arabic there writes Latin digits, and times follow local habits. */
const LOCALES: Record<Language, string> = { ar: 'ar-TN', fr: 'fr-TN', en: 'en-GB' };
const DICTIONARIES: Record<Language, Messages> = { ar, fr, en };

export interface I18n {
  lang: Language;
  dir: 'rtl' | 'ltr';
  t: Messages;
  /** A count, without grouping so it reads the same as the digits typed. */
  num: (n: number) => string;
  time: (ms: number) => string;
  minutes: (n: number) => string;
}

function build(lang: Language): I18n {
  const locale = LOCALES[lang];
  const num = new Intl.NumberFormat(locale, { useGrouping: false });
  // Clinics in Tunisia read a 24-hour clock, whatever the language's default.
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
  return {
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    t: DICTIONARIES[lang],
    num: (n) => num.format(n),
    time: (ms) => time.format(ms),
    minutes: (n) => minutes.format(n),
  };
}

const built = new Map<Language, I18n>();
export function i18nFor(lang: Language): I18n {
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

/** The app's language; the root component provides it to the tree. */
export const language$ = new BehaviorSubject<Language>(DEFAULT_LANGUAGE);

/** Remembers the choice and turns the whole document, so the browser mirrors the layout for Arabic. */
export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  const i = i18nFor(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = i.dir;
  document.title = i.t.appTitle;
  language$.next(lang);
}

export const I18nContext = createContext<I18n>(i18nFor(DEFAULT_LANGUAGE));
export const useI18n = (): I18n => useContext(I18nContext);
