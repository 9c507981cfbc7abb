import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGES as SCHEMA_LANGUAGES } from '../../shared/schemas.ts';
import {
  applyToDocument,
  createPageI18n,
  detectLanguage,
  dirOf,
  LANGUAGES,
  languageFromPreferences,
  readStoredLanguage,
  STORAGE_KEY,
  storeLanguage,
  withFallback,
  type Language,
} from './core.ts';

interface Words {
  appTitle: string;
  language: string;
  waiting: (count: string) => string;
  errors: { offline: string; server: string };
  steps: [string, string];
}

const fr: Words = {
  appTitle: 'Titre',
  language: 'Langue',
  waiting: (count) => `${count} en attente`,
  errors: { offline: 'Hors ligne', server: 'Erreur serveur' },
  steps: ['Un', 'Deux'],
};
const ar: Words = {
  appTitle: 'العنوان',
  language: 'اللغة',
  waiting: (count) => `في الانتظار: ${count}`,
  errors: { offline: 'غير متصل', server: 'خطأ في الخادم' },
  steps: ['واحد', 'اثنان'],
};
const en: Words = {
  appTitle: 'Title',
  language: 'Language',
  waiting: (count) => `${count} waiting`,
  errors: { offline: 'Offline', server: 'Server error' },
  steps: ['One', 'Two'],
};

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const failingStorage = {
  getItem: (): string | null => {
    throw new Error('SecurityError');
  },
  setItem: (): void => {
    throw new Error('QuotaExceededError');
  },
};

const fakeDocument = () => ({ title: '', documentElement: { lang: '', dir: '' } });

describe('the language table', () => {
  it('lists the languages of the schemas, in their order', () => {
    expect(LANGUAGES).toEqual(SCHEMA_LANGUAGES);
  });

  it('writes Arabic right to left, French and English left to right', () => {
    expect(LANGUAGES.map(dirOf)).toEqual(['rtl', 'ltr', 'ltr']);
  });
});

describe('detection', () => {
  it('when a choice is stored, then it wins over the browser and the page default', () => {
    expect(detectLanguage({ stored: 'en', browser: ['ar-TN'] }, 'fr')).toBe('en');
  });

  it('when nothing is stored, then the first of the browser languages that is ours', () => {
    expect(detectLanguage({ stored: null, browser: ['de-DE', 'ar-TN', 'en-US'] }, 'fr')).toBe('ar');
  });

  it('when the stored value is not a language, then it is ignored', () => {
    expect(detectLanguage({ stored: 'de', browser: ['en-GB'] }, 'ar')).toBe('en');
  });

  it('when neither the storage nor the browser has one of ours, then the page default', () => {
    expect(detectLanguage({ stored: null, browser: ['de-DE', undefined] }, 'ar')).toBe('ar');
  });

  it('when the page has no default either, then French', () => {
    expect(detectLanguage({ stored: null, browser: ['de-DE'] })).toBe('fr');
  });

  it('when the browser is not asked, then the stored choice, else French', () => {
    expect(detectLanguage({ stored: null, browser: null })).toBe('fr');
    expect(detectLanguage({ stored: 'ar', browser: null })).toBe('ar');
  });

  it('matches a browser language by its base, whatever its case or region', () => {
    expect(languageFromPreferences(['EN-us'])).toBe('en');
    expect(languageFromPreferences(['fr'])).toBe('fr');
    expect(languageFromPreferences([])).toBeNull();
  });
});

describe('the stored choice', () => {
  it('is kept under the key every page shares', () => {
    const storage = new MemoryStorage();
    storeLanguage('ar', storage);
    expect(storage.items.get(STORAGE_KEY)).toBe('ar');
    expect(readStoredLanguage(storage)).toBe('ar');
  });

  it('when storage is disabled, then nothing is remembered and nothing throws', () => {
    expect(readStoredLanguage(failingStorage)).toBeNull();
    expect(() => storeLanguage('en', failingStorage)).not.toThrow();
  });
});

describe('the document', () => {
  it('takes the language, its direction and the page title', () => {
    const doc = fakeDocument();
    applyToDocument('ar', 'العنوان', doc);
    expect(doc).toEqual({ title: 'العنوان', documentElement: { lang: 'ar', dir: 'rtl' } });
    applyToDocument('en', 'Title', doc);
    expect(doc).toEqual({ title: 'Title', documentElement: { lang: 'en', dir: 'ltr' } });
  });
});

describe('missing keys', () => {
  it('when a dictionary lacks a key at run time, then the base language fills it', () => {
    const partial = { ...en, appTitle: undefined } as unknown as Words;
    expect(withFallback(partial, fr).appTitle).toBe('Titre');
    expect(withFallback(partial, fr).language).toBe('Language');
  });

  it('fills nested groups key by key and keeps lists and functions whole', () => {
    const partial = { ...en, errors: { offline: 'Offline' } } as unknown as Words;
    const filled = withFallback(partial, fr);
    expect(filled.errors).toEqual({ offline: 'Offline', server: 'Erreur serveur' });
    expect(filled.steps).toEqual(['One', 'Two']);
    expect(filled.waiting('3')).toBe('3 waiting');
  });

  it('is a type error: every language implements the whole key set', () => {
    const { appTitle: _, ...withoutTitle } = en;
    // @ts-expect-error: English lacks appTitle
    const dictionaries: Record<Language, Words> = { ar, fr, en: withoutTitle };
    expect(dictionaries.en.appTitle).toBeUndefined();
  });
});

describe('a page built from its dictionaries', () => {
  const count = (locale: string) => {
    const f = new Intl.NumberFormat(locale, { useGrouping: false });
    return { num: (n: number) => f.format(n) };
  };
  const storage = new MemoryStorage();
  const doc = fakeDocument();
  const stubBrowser = (languages: string[]) => {
    vi.stubGlobal('localStorage', storage);
    vi.stubGlobal('document', doc);
    vi.stubGlobal('navigator', { languages, language: languages[0] });
  };
  afterEach(() => {
    vi.unstubAllGlobals();
    storage.items.clear();
  });

  it('gives each language its words, direction, locale and formatters, built once', () => {
    const page = createPageI18n({ dictionaries: { ar, fr, en }, formatters: count });
    const i = page.i18nFor('ar');
    expect(i).toBe(page.i18nFor('ar'));
    expect({ lang: i.lang, dir: i.dir, locale: i.locale, title: i.t.appTitle }).toEqual({
      lang: 'ar',
      dir: 'rtl',
      locale: 'ar-TN',
      title: 'العنوان',
    });
    // Values are formatted for the locale, then placed by the language's own words.
    expect(i.t.waiting(i.num(12345))).toBe('في الانتظار: 12345');
    expect(page.i18nFor('en').t.waiting(page.i18nFor('en').num(2))).toBe('2 waiting');
  });

  it('when a dictionary lacks a key at run time, then French fills it', () => {
    const partial = { ...ar, language: undefined } as unknown as Words;
    const page = createPageI18n({ dictionaries: { ar: partial, fr, en }, formatters: count });
    expect(page.i18nFor('ar').t.language).toBe('Langue');
  });

  it('the browser decides until a choice, which is remembered', () => {
    stubBrowser(['ar-TN', 'fr-FR']);
    const page = createPageI18n({ dictionaries: { ar, fr, en }, formatters: count });
    expect(page.preferred()).toBe('ar');
    page.apply('ar');
    expect(doc).toEqual({ title: 'العنوان', documentElement: { lang: 'ar', dir: 'rtl' } });
    expect(storage.items.size).toBe(0);
    page.choose('en');
    expect(page.preferred()).toBe('en');
  });

  it('when the browser asks for nothing of ours, then the page default decides', () => {
    stubBrowser(['de-DE']);
    const page = createPageI18n({ dictionaries: { ar, fr, en }, formatters: count });
    expect(page.preferred()).toBeNull();
  });

  it('when a page shows a language it was not asked for, then nothing is remembered: an Arabic browser is not pinned to French', () => {
    stubBrowser(['ar-TN']);
    const page = createPageI18n({ dictionaries: { ar, fr, en }, formatters: count });
    page.apply('fr');
    expect(storage.items.size).toBe(0);
    expect(page.preferred()).toBe('ar');
    storage.items.set(STORAGE_KEY, 'en');
    expect(page.preferred()).toBe('en');
  });
});
