// One language mechanism for every page. Each page hands its own dictionaries
// and formatters to createPageI18n and imports only those, so one page's words
// never land in another page's bundle. This module holds what all pages share:
// the language table, the stored choice, detection and the document's lang/dir.
// It is pure (globals are read only when a function is called, and can be
// passed in), so its tests run in Node; the Preact binding is in context.tsx.
import type { Language } from '../../shared/schemas.ts';

export type { Language };

/** Same order as shared/schemas.ts LANGUAGES (a runtime import of it would pull zod into the public pages). */
export const LANGUAGES = ['ar', 'fr', 'en'] as const satisfies readonly Language[];
/** Names shown in the switcher, each in its own language. */
export const LANGUAGE_NAMES: Record<Language, string> = { ar: 'العربية', fr: 'Français', en: 'English' };
/** Tunisian locales: Arabic there writes Latin digits, and times follow local habits. */
export const LOCALES: Record<Language, string> = { ar: 'ar-TN', fr: 'fr-TN', en: 'en-GB' };

export type Direction = 'rtl' | 'ltr';
export const dirOf = (lang: Language): Direction => (lang === 'ar' ? 'rtl' : 'ltr');

/** Every page's key: a device remembers one choice for all DoctorQ pages. */
export const STORAGE_KEY = 'doctorq.lang';
/** Where nothing else decides. */
export const FALLBACK_LANGUAGE: Language = 'fr';

export function isLanguage(v: unknown): v is Language {
  return (LANGUAGES as readonly unknown[]).includes(v);
}

/** The first of the browser's languages that is ours, by its base: "ar-TN" → ar. */
export function languageFromPreferences(prefs: readonly (string | undefined)[]): Language | null {
  for (const p of prefs) {
    const base = p?.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return null;
}

export interface Preferences {
  /** What the storage holds under STORAGE_KEY (anything, or null). */
  stored: unknown;
  /** The browser's languages, or null on a page that does not follow them. */
  browser: readonly (string | undefined)[] | null;
}

/** The device's preference: the remembered choice, else the browser's language; null when neither is ours. */
export function preferredLanguage({ stored, browser }: Preferences): Language | null {
  if (isLanguage(stored)) return stored;
  return browser ? languageFromPreferences(browser) : null;
}

/** The device's preference, else the page's default (a clinic's first language), else French. */
export function resolveLanguage(preferred: Language | null, pageDefault?: Language): Language {
  return preferred ?? pageDefault ?? FALLBACK_LANGUAGE;
}

/** Detection order: stored choice → browser languages (pages that follow them) → the page's default → French. */
export function detectLanguage(prefs: Preferences, pageDefault?: Language): Language {
  return resolveLanguage(preferredLanguage(prefs), pageDefault);
}

type LanguageStore = Pick<Storage, 'getItem' | 'setItem'>;

export function readStoredLanguage(storage: LanguageStore = localStorage): string | null {
  try {
    return storage.getItem(STORAGE_KEY);
  } catch {
    // Storage disabled (some private modes): the choice just is not remembered.
    return null;
  }
}

export function storeLanguage(lang: Language, storage: LanguageStore = localStorage): void {
  try {
    storage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still applied
  }
}

export function browserLanguages(nav: Pick<Navigator, 'languages' | 'language'> = navigator): readonly string[] {
  return nav.languages?.length ? nav.languages : [nav.language];
}

type LanguageDocument = Pick<Document, 'title'> & { documentElement: Pick<HTMLElement, 'lang' | 'dir'> };

/** Turns the whole document, so the browser mirrors the layout for Arabic. */
export function applyToDocument(lang: Language, title: string, doc: LanguageDocument = document): void {
  doc.documentElement.lang = lang;
  doc.documentElement.dir = dirOf(lang);
  doc.title = title;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function fill(base: unknown, own: unknown): unknown {
  if (own === undefined) return base;
  if (!isRecord(base) || !isRecord(own)) return own;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(own)) out[k] = fill(base[k], v);
  return out;
}

/**
 * A dictionary with every key its base has. The types already refuse a
 * dictionary missing a key; this covers what types cannot see (a cast, a
 * dictionary built at run time), so a gap shows the base language's words
 * instead of "undefined". Nested groups (errors by code) are filled key by key.
 */
export function withFallback<M extends object>(own: M, base: M): M {
  return fill(base, own) as M;
}

/** What every page's components receive: the language, its direction and locale, its words. */
export interface LanguageInfo<M> {
  lang: Language;
  locale: string;
  dir: Direction;
  t: M;
}

export interface PageI18nConfig<M, F> {
  /** The page's own dictionaries, one per language, all of one key set. */
  dictionaries: Record<Language, M>;
  /** The page's Intl formatters for a locale, built once per language. */
  formatters: (locale: string, t: M) => F;
}

export interface PageI18n<I> {
  /** The page's language object, one per language, so context consumers re-render only when it changes. */
  i18nFor: (lang: Language) => I;
  /** Detection up to the page's default: null when the page's default (e.g. the clinic's language) decides. */
  preferred: () => Language | null;
  /** Shows `lang` on the document (and, on staff pages, remembers it). */
  apply: (lang: Language) => I;
  /** Remembers a choice made on the page. */
  choose: (lang: Language) => void;
}

/** A page's i18n from its dictionaries and formatters. */
export function createPageI18n<M extends { appTitle: string }, F extends object>(
  config: PageI18nConfig<M, F>,
): PageI18n<LanguageInfo<M> & F> {
  const { dictionaries, formatters } = config;
  const built = new Map<Language, LanguageInfo<M> & F>();
  const i18nFor = (lang: Language): LanguageInfo<M> & F => {
    const cached = built.get(lang);
    if (cached) return cached;
    const locale = LOCALES[lang];
    const t = lang === FALLBACK_LANGUAGE ? dictionaries[lang] : withFallback(dictionaries[lang], dictionaries[FALLBACK_LANGUAGE]);
    const i18n = { ...formatters(locale, t), lang, locale, dir: dirOf(lang), t };
    built.set(lang, i18n);
    return i18n;
  };
  return {
    i18nFor,
    // Every page, staff ones included, follows the browser's language after a
    // choice made on a page, and remembers only such a choice: remembering what
    // a page merely showed would pin a device to French forever.
    preferred: () => preferredLanguage({ stored: readStoredLanguage(), browser: browserLanguages() }),
    apply: (lang) => {
      const i18n = i18nFor(lang);
      applyToDocument(lang, i18n.t.appTitle);
      return i18n;
    },
    choose: (lang) => storeLanguage(lang),
  };
}
