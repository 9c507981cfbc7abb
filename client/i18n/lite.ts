// Language choice for the public pages (patient, check-in, display). The
// reception's i18n/index.ts carries rxjs and every reception string; these
// pages are opened on patients' phones over patchy networks, so they get this
// small mechanism and their own dictionaries instead.
import { useCallback, useState } from 'preact/hooks';
import type { Language } from '../../shared/schemas.ts';

export type { Language };

/** Same order as shared/schemas.ts LANGUAGES (a runtime import of it would pull zod into the bundle). */
export const LANGUAGES = ['ar', 'fr', 'en'] as const satisfies readonly Language[];
export const LANGUAGE_NAMES: Record<Language, string> = { ar: 'العربية', fr: 'Français', en: 'English' };

/** Shared with the reception: a device remembers one choice for every page. */
const STORAGE_KEY = 'doctorq.lang';
export const FALLBACK_LANGUAGE: Language = 'fr';

/** Tunisian locales: Arabic there writes Latin digits, and times follow local habits. */
const LOCALES: Record<Language, string> = { ar: 'ar-TN', fr: 'fr-TN', en: 'en-GB' };

export function isLanguage(v: unknown): v is Language {
  return (LANGUAGES as readonly unknown[]).includes(v);
}

function saved(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    // Storage disabled (some private modes): the choice just is not remembered.
    return null;
  }
}

/** The phone's own preference among ours, e.g. "ar-TN" → ar. */
function fromNavigator(): Language | null {
  const prefs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const p of prefs) {
    const base = p?.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return null;
}

/** Remembered choice, else the browser's language; null when neither is ours (the page then uses the clinic's). */
export function preferredLanguage(): Language | null {
  return saved() ?? fromNavigator();
}

/** Turns the whole document, so the browser mirrors the layout for Arabic. */
export function applyLanguage(lang: Language, title: string): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = dirOf(lang);
  document.title = title;
}

export const dirOf = (lang: Language): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');

export interface Formatters {
  lang: Language;
  dir: 'rtl' | 'ltr';
  /** A count, without grouping so it reads the same as the digits typed. */
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

const built = new Map<Language, Formatters>();
export function formattersFor(lang: Language): Formatters {
  let f = built.get(lang);
  if (!f) {
    const num = new Intl.NumberFormat(LOCALES[lang], { useGrouping: false });
    // Clinics in Tunisia read a 24-hour clock, whatever the language's default.
    const time = new Intl.DateTimeFormat(LOCALES[lang], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const minutes: RangeFormat = new Intl.NumberFormat(LOCALES[lang], { style: 'unit', unit: 'minute', unitDisplay: 'long' });
    const ago = new Intl.RelativeTimeFormat(LOCALES[lang], { numeric: 'always' });
    f = {
      lang,
      dir: dirOf(lang),
      num: (n) => num.format(n),
      time: (ms) => time.format(ms),
      minutes: (n) => minutes.format(n),
      // formatRange is recent (2022); older phones get the plain form.
      minutesRange: (low, high) =>
        low === high
          ? minutes.format(low)
          : minutes.formatRange
            ? minutes.formatRange(low, high)
            : `${num.format(low)}–${minutes.format(high)}`,
      minutesAgo: (n) => ago.format(-n, 'minute'),
    };
    built.set(lang, f);
  }
  return f;
}

/**
 * The page's language: the device's preference, else `fallback` (the clinic's first
 * language once known, else French). Choosing one remembers it.
 */
export function useLanguage(fallback: Language | undefined): [Language, (l: Language) => void] {
  const [chosen, setChosen] = useState(preferredLanguage);
  const choose = useCallback((l: Language) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not remembered, still applied
    }
    setChosen(l);
  }, []);
  return [chosen ?? fallback ?? FALLBACK_LANGUAGE, choose];
}
