// Intl formatters more than one page uses, built for a locale. Values are
// formatted here and then handed to the dictionaries' functions, so each
// language keeps its own word order around them.

const MILLIMES_PER_DINAR = 1000;

/** A count without grouping, so it reads the same as the digits typed. */
export function countFormat(locale: string): (n: number) => string {
  const f = new Intl.NumberFormat(locale, { useGrouping: false });
  return (n) => f.format(n);
}

/** Clinics in Tunisia read a 24-hour clock, whatever the language's default. */
export function clockFormat(locale: string): (ms: number) => string {
  const f = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (ms) => f.format(ms);
}

/** Millimes as dinars (1 TND = 1,000 millimes): whole dinars print without decimals, a price in millimes keeps them. */
export function dinarsFormat(locale: string): (millimes: number) => string {
  const f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'TND', minimumFractionDigits: 0, maximumFractionDigits: 3 });
  return (millimes) => f.format(millimes / MILLIMES_PER_DINAR);
}

/** A clinic month (YYYY-MM) by name, with its year; mid-month at UTC noon so no time zone moves it. */
export function clinicMonthFormat(locale: string): (month: string) => string {
  const f = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (m) => f.format(Date.parse(`${m}-15T12:00:00Z`));
}

/** The formatters of the public pages (patient, check-in, display). */
export interface PublicFormatters {
  num: (n: number) => string;
  time: (ms: number) => string;
  /** "5 minutes", with the language's plural forms. */
  minutes: (n: number) => string;
  /** "10–20 minutes". */
  minutesRange: (low: number, high: number) => string;
  /** "3 minutes ago". */
  minutesAgo: (n: number) => string;
}

type RangeFormat = Intl.NumberFormat & { formatRange?: (a: number, b: number) => string };

export function publicFormatters(locale: string): PublicFormatters {
  const num = countFormat(locale);
  const minutes: RangeFormat = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  const ago = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  return {
    num,
    time: clockFormat(locale),
    minutes: (n) => minutes.format(n),
    // formatRange is recent (2022); older phones get the plain form.
    minutesRange: (low, high) =>
      low === high ? minutes.format(low) : minutes.formatRange ? minutes.formatRange(low, high) : `${num(low)}–${minutes.format(high)}`,
    minutesAgo: (n) => ago.format(-n, 'minute'),
  };
}
