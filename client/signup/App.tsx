import { useState } from 'preact/hooks';
import { applyLanguage, LANGUAGE_NAMES, LANGUAGES, savedLanguage, SignupI18nContext, type Language } from './i18n/index.ts';
import { PlanList } from './PlanList.tsx';
import { SignupForm } from './SignupForm.tsx';

export function App() {
  const [i18n, setI18n] = useState(() => applyLanguage(savedLanguage()));
  const { t, lang } = i18n;
  return (
    <SignupI18nContext.Provider value={i18n}>
      <header class="signup-top">
        <p class="signup-brand">
          <img src="/icon.svg" alt="" width={36} height={36} />
          DoctorQ
        </p>
        <label class="lang-switch">
          <span class="visually-hidden">{t.language}</span>
          <select data-testid="lang-switch" value={lang} onChange={(e) => setI18n(applyLanguage(e.currentTarget.value as Language))}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main class="signup">
        <SignupForm />
        <PlanList />
      </main>
    </SignupI18nContext.Provider>
  );
}
