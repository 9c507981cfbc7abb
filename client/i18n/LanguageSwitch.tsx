import { LANGUAGES, LANGUAGE_NAMES, setLanguage, useI18n, type Language } from './index.ts';

export function LanguageSwitch() {
  const { t, lang } = useI18n();
  return (
    <label class="lang-switch">
      <span class="visually-hidden">{t.language}</span>
      <select data-testid="lang-switch" value={lang} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
