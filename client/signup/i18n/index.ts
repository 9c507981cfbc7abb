// The sign-up page's language: its own dictionaries, the same stored choice as
// the owner area and the reception (one browser, one language: the owner page
// opens in it after sign-up), the document turned to RTL for Arabic, and the
// number formats of the locale.
import { bindPageI18n } from '../../i18n/context.tsx';
import { createPageI18n, type Language, type LanguageInfo } from '../../i18n/core.ts';
import { dinarsFormat } from '../../i18n/formats.ts';
import type { SignupMessages } from './messages.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Language, SignupMessages };
/** Names shown in the switcher, each in its own language: one list for every page. */
export { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/core.ts';

export interface SignupFormatters {
  num: (n: number) => string;
  /** Millimes as dinars. */
  money: (millimes: number) => string;
}

export type SignupI18n = LanguageInfo<SignupMessages> & SignupFormatters;

function formatters(locale: string): SignupFormatters {
  const num = new Intl.NumberFormat(locale);
  return { num: (n) => num.format(n), money: dinarsFormat(locale) };
}

/** The stored choice, else the browser's language, else French (client/i18n/core.ts). */
const page = createPageI18n({ dictionaries: { ar, fr, en }, formatters });
export const { useI18n, useLanguage, I18nProvider, LanguageSwitch } = bindPageI18n<SignupI18n>(page);
