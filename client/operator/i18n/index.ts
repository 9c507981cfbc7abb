// The operator portal's language: its own dictionaries (no other page's words
// come into this bundle), Intl formatters for the locale, and the document
// turned to RTL for Arabic.
import { bindPageI18n } from '../../i18n/context.tsx';
import { createPageI18n, type Language, type LanguageInfo } from '../../i18n/core.ts';
import { clinicMonthFormat, dinarsFormat } from '../../i18n/formats.ts';
import type { OperatorMessages } from './messages.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Language, OperatorMessages };

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

export interface OperatorFormatters {
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

export type OperatorI18n = LanguageInfo<OperatorMessages> & OperatorFormatters;

function formatters(locale: string): OperatorFormatters {
  const num = new Intl.NumberFormat(locale);
  const kb = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 });
  const mb = new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  // Tunisia reads a 24-hour clock, whatever the language's default.
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  return {
    num: (n) => num.format(n),
    // Whole dinars without millimes: "150,000 DT" reads as 150 000 to most eyes.
    money: dinarsFormat(locale),
    bytes: (n) => (n < MB ? kb.format(n / KB) : mb.format(n / MB)),
    date: (at) => date.format(Date.parse(at)),
    dateTime: (at) => dateTime.format(Date.parse(at)),
    month: clinicMonthFormat(locale),
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

/** The stored choice, else the browser's language, else French (client/i18n/core.ts). */
const page = createPageI18n({ dictionaries: { ar, fr, en }, formatters });
export const { useI18n, useLanguage, I18nProvider, LanguageSwitch } = bindPageI18n<OperatorI18n>(page);
