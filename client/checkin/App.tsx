import { useEffect, useState } from 'preact/hooks';
import { isLanguage } from '../i18n/core.ts';
import { loadClinic, type LoadResult } from './api.ts';
import { CheckinForm } from './CheckinForm.tsx';
import { I18nProvider, LanguageSwitch, useLanguage } from './messages.ts';

export function App({ clinicId, onSite }: { clinicId: string | null; onSite: string | null }) {
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<LoadResult | null>(clinicId ? null : { ok: false, error: 'not_found' });
  useEffect(() => {
    if (!clinicId) return;
    let live = true;
    // A reload keeps the form (and its request id) on screen; only a failed first load shows "loading".
    setLoaded((prev) => (prev?.ok ? prev : null));
    void loadClinic(clinicId).then((r) => live && setLoaded(r));
    return () => {
      live = false;
    };
  }, [clinicId, attempt]);

  const clinicLanguage = loaded?.ok ? loaded.info.clinic.languages.find(isLanguage) : undefined;
  const [i18n, setLanguage] = useLanguage(clinicLanguage);
  const { t } = i18n;

  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      <header class="public-top">
        <p class="public-brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <span dir="auto">{loaded?.ok ? loaded.info.clinic.name : 'DoctorQ'}</span>
        </p>
        <LanguageSwitch />
      </header>
      <main class="checkin">
        {loaded === null ? (
          <p class="muted" role="status">
            {t.loading}
          </p>
        ) : !loaded.ok ? (
          <section class="card notice" role="alert" data-testid="checkin-unavailable" data-error={loaded.error}>
            <h1>{loaded.error === 'not_found' ? t.notFoundTitle : t.errors.server}</h1>
            <p>{loaded.error === 'not_found' ? t.notFoundText : loaded.error === 'offline' ? t.loadOffline : ''}</p>
            {loaded.error !== 'not_found' && (
              <button type="button" class="btn primary" onClick={() => setAttempt((a) => a + 1)}>
                {t.retry}
              </button>
            )}
          </section>
        ) : (
          <CheckinForm clinicId={clinicId!} onSite={onSite} info={loaded.info} onStale={() => setAttempt((a) => a + 1)} />
        )}
      </main>
    </I18nProvider>
  );
}
