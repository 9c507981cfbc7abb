import { LANGUAGE_NAMES, LANGUAGES, type Language } from './core.ts';

interface Props {
  lang: Language;
  /** "Language", in the current language: the select's accessible name. */
  label: string;
  onChange: (lang: Language) => void;
}

/** Every page's language control. */
export function LanguageSelect({ lang, label, onChange }: Props) {
  return (
    <label class="lang-switch">
      <span class="visually-hidden">{label}</span>
      <select data-testid="lang-switch" value={lang} onChange={(e) => onChange(e.currentTarget.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
