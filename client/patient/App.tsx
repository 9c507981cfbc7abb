import { useEffect, useLayoutEffect } from 'preact/hooks';
import { applyLanguage, useLanguage } from '../i18n/lite.ts';
import { LiteLanguageSwitch } from '../i18n/LiteLanguageSwitch.tsx';
import { I18n, patientI18n } from './messages.ts';
import { Notice, TopBar } from './Layout.tsx';
import type { StoredTicket } from './tickets.ts';
import { TicketScreen } from './TicketScreen.tsx';

interface Props {
  ticket: StoredTicket | null;
  /** The page was opened with a link whose token is not a ticket. */
  badLink: boolean;
}

export function App({ ticket, badLink }: Props) {
  const [lang, setLang] = useLanguage(undefined);
  const i18n = patientI18n(lang);
  useLayoutEffect(() => applyLanguage(lang, i18n.t.appTitle), [lang, i18n]);
  // Another ticket link opened in this tab (a second family member): start over with it.
  useEffect(() => {
    const onHash = () => location.reload();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const switcher = <LiteLanguageSwitch lang={lang} label={i18n.t.language} onChange={setLang} />;
  const { t } = i18n;
  return (
    <I18n.Provider value={i18n}>
      {ticket ? (
        <TicketScreen key={ticket.eid} ticket={ticket} switcher={switcher} />
      ) : (
        <>
          <TopBar title="DoctorQ" switcher={switcher} />
          <main class="patient">
            {badLink ? (
              <Notice testId="invalid-link" title={t.invalidTitle} text={t.invalidText} />
            ) : (
              <Notice testId="no-ticket" title={t.noTicketTitle} text={t.noTicketText} />
            )}
          </main>
        </>
      )}
    </I18n.Provider>
  );
}
