// The Preact side of a page's i18n: one context for the language object, one
// for changing it, the state hook the page's root uses, and the switch bound
// to both. Built per page from that page's createPageI18n, so the types are
// the page's own.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useLayoutEffect, useState } from 'preact/hooks';
import { FALLBACK_LANGUAGE, resolveLanguage, type Language, type LanguageInfo, type PageI18n } from './core.ts';
import { LanguageSelect } from './LanguageSelect.tsx';

type SetLanguage = (lang: Language) => void;

export function bindPageI18n<I extends LanguageInfo<{ language: string }>>(page: PageI18n<I>) {
  const I18nContext = createContext<I>(page.i18nFor(FALLBACK_LANGUAGE));
  const SetLanguageContext = createContext<SetLanguage>(() => {});

  const useI18n = (): I => useContext(I18nContext);

  /**
   * The page's language, for its root: the device's preference (detected once),
   * else `pageDefault` (the clinic's first language, once known), else French.
   * Shown on the document before the browser paints; choosing one remembers it.
   */
  function useLanguage(pageDefault?: Language): [I, SetLanguage] {
    const [chosen, setChosen] = useState(page.preferred);
    const lang = resolveLanguage(chosen, pageDefault);
    useLayoutEffect(() => {
      page.apply(lang);
    }, [lang]);
    const choose = useCallback((l: Language) => {
      page.choose(l);
      setChosen(l);
    }, []);
    return [page.i18nFor(lang), choose];
  }

  function I18nProvider({ i18n, setLanguage, children }: { i18n: I; setLanguage: SetLanguage; children: ComponentChildren }) {
    return (
      <SetLanguageContext.Provider value={setLanguage}>
        <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>
      </SetLanguageContext.Provider>
    );
  }

  /** The shared control, bound to this page's language state. */
  function LanguageSwitch() {
    const { t, lang } = useI18n();
    return <LanguageSelect lang={lang} label={t.language} onChange={useContext(SetLanguageContext)} />;
  }

  return { useI18n, useLanguage, I18nProvider, LanguageSwitch };
}
