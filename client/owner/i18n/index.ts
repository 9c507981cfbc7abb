// The owner area's language: its own dictionaries (the reception's words stay
// out of this page and these stay out of the tablet), Intl formatters for the
// locale, and the document turned to RTL for Arabic.
import { bindPageI18n } from '../../i18n/context.tsx';
import { createPageI18n, type Language, type LanguageInfo } from '../../i18n/core.ts';
import { clinicMonthFormat, dinarsFormat } from '../../i18n/formats.ts';
import type { OwnerMessages } from './messages.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Language, OwnerMessages };
/** Names shown in the switcher, each in its own language: one list for every page. */
export { LANGUAGE_NAMES } from '../../i18n/core.ts';

export interface OwnerFormatters {
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
  /** How long ago a moment was: "5 minutes ago", "yesterday", "3 months ago". */
  ago: (at: string | number, now?: number) => string;
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

export type OwnerI18n = LanguageInfo<OwnerMessages> & OwnerFormatters;

/** Clinic days are calendar dates: formatted at UTC noon so no zone moves them to the next or previous day. */
const dayToDate = (day: string): number => Date.parse(`${day}T12:00:00Z`);
/** 2024-01-01 was a Monday: ISO weekday n is that date plus n - 1 days. */
const MONDAY = Date.UTC(2024, 0, 1, 12);
const DAY_MS = 86_400_000;
/** Decimal units, as the `kilobyte` … `gigabyte` names of Intl mean. */
const BYTE_UNITS = [
  ['gigabyte', 1e9],
  ['megabyte', 1e6],
  ['kilobyte', 1e3],
] as const;

/** The largest unit that keeps a relative time at 1 or more, in seconds. */
const RELATIVE_UNITS: readonly (readonly [Intl.RelativeTimeFormatUnit, number])[] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

function formatters(locale: string, t: OwnerMessages): OwnerFormatters {
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
  const bytes = (n: number) => {
    const unit = BYTE_UNITS.find(([, size]) => n >= size);
    const [name, size] = unit ?? ['byte', 1];
    return new Intl.NumberFormat(locale, { style: 'unit', unit: name, maximumFractionDigits: 1 }).format(n / size);
  };
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const ago = (at: string | number, now = Date.now()) => {
    const seconds = Math.round(((typeof at === 'string' ? Date.parse(at) : at) - now) / 1000);
    const unit = RELATIVE_UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? (['second', 1] as const);
    return relative.format(Math.round(seconds / unit[1]), unit[0]);
  };
  return {
    num: (n) => num.format(n),
    ago,
    pct: (r) => pct.format(r),
    minutes: (n) => (n === null ? t.none : minutes.format(n)),
    day: (d) => day.format(dayToDate(d)),
    dayFull: (d) => dayFull.format(dayToDate(d)),
    dateTime: (at) => dateTime.format(typeof at === 'string' ? Date.parse(at) : at),
    weekday: (n) => weekday.format(MONDAY + (n - 1) * DAY_MS),
    hour: (h) => hour.format(Date.UTC(2024, 0, 1, h)),
    date: (at) => date.format(Date.parse(at)),
    month: clinicMonthFormat(locale),
    money: dinarsFormat(locale),
    bytes,
  };
}

/** The stored choice, else the browser's language, else French (client/i18n/core.ts). */
const page = createPageI18n({ dictionaries: { ar, fr, en }, formatters });
export const { useI18n, useLanguage, I18nProvider, LanguageSwitch } = bindPageI18n<OwnerI18n>(page);
