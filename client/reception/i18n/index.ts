// The reception tablet's language: its own dictionaries (no other page
// carries these words), Intl formatters for the locale, and the document
// turned to RTL for Arabic. One I18n object per language, handed down through
// one context, so components re-render only when the language changes.
import { bindPageI18n } from '../../i18n/context.tsx';
import { createPageI18n, type Language, type LanguageInfo } from '../../i18n/core.ts';
import { clockFormat, countFormat } from '../../i18n/formats.ts';
import type { Messages } from './messages.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Language, Messages };

export interface ReceptionFormatters {
  /** A count, without grouping so it reads the same as the digits typed. */
  num: (n: number) => string;
  time: (ms: number) => string;
  minutes: (n: number) => string;
}

export type I18n = LanguageInfo<Messages> & ReceptionFormatters;

function formatters(locale: string): ReceptionFormatters {
  const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
  return { num: countFormat(locale), time: clockFormat(locale), minutes: (n) => minutes.format(n) };
}

/** The stored choice, else the browser's language, else French (client/i18n/core.ts). */
const page = createPageI18n({ dictionaries: { ar, fr, en }, formatters });
export const { useI18n, useLanguage, I18nProvider, LanguageSwitch } = bindPageI18n<I18n>(page);
