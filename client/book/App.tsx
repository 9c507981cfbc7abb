// The public booking page: `#c=<clinic id>` books, `#a=<booking link>` shows
// that booking (the link the booking answered). The fragment never reaches a server.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { clinicFromHash } from '../checkin/api.ts';
import { isLanguage } from '../i18n/core.ts';
import { linkFromHash, loadSlots, type LoadError, type SlotsInfo } from './api.ts';
import { BookForm } from './BookForm.tsx';
import { BookingView } from './BookingView.tsx';
import { I18nProvider, LanguageSwitch, useLanguage } from './messages.ts';
import { Notice } from './Notice.tsx';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function App() {
  const hash = useHash();
  const clinicId = clinicFromHash(hash);
  const token = linkFromHash(hash);
  const [attempt, setAttempt] = useState(0);
  const [slots, setSlots] = useState<SlotsInfo | LoadError | null>(null);
  const [languages, setLanguages] = useState<string[]>([]);
  useEffect(() => {
    if (!clinicId || token) return;
    let live = true;
    void loadSlots(clinicId).then((r) => {
      if (!live) return;
      setSlots(r.ok ? r.value : r.error);
      if (r.ok) setLanguages(r.value.clinic.languages);
    });
    return () => {
      live = false;
    };
  }, [clinicId, token, attempt]);

  const [i18n, setLanguage] = useLanguage(languages.find(isLanguage));
  const { t } = i18n;
  const clinicName = slots && typeof slots !== 'string' ? slots.clinic.name : 'DoctorQ';
  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      <header class="public-top">
        <p class="public-brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <span dir="auto">{clinicName}</span>
        </p>
        <LanguageSwitch />
      </header>
      <main class="book">
        {token ? (
          <BookingView token={token} onLanguages={setLanguages} />
        ) : !clinicId ? (
          <Notice error="not_found" onRetry={retry} />
        ) : slots === null ? (
          <p class="muted" role="status">
            {t.loading}
          </p>
        ) : typeof slots === 'string' ? (
          <Notice error={slots} onRetry={retry} />
        ) : (
          <BookForm clinicId={clinicId} info={slots} onStale={retry} />
        )}
      </main>
    </I18nProvider>
  );
}
