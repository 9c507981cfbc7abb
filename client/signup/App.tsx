import { I18nProvider, LanguageSwitch, useLanguage } from './i18n/index.ts';
import { PlanList } from './PlanList.tsx';
import { SignupForm } from './SignupForm.tsx';

export function App() {
  const [i18n, setLanguage] = useLanguage();
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      <header class="signup-top">
        <p class="signup-brand">
          <img src="/icon.svg" alt="" width={36} height={36} />
          DoctorQ
        </p>
        <LanguageSwitch />
      </header>
      <main class="signup">
        <SignupForm />
        <PlanList />
      </main>
    </I18nProvider>
  );
}
