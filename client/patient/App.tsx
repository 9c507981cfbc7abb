import { useEffect } from 'preact/hooks';
import { I18nProvider, LanguageSwitch, useLanguage } from './messages.ts';
import { Notice, TopBar } from './Layout.tsx';
import type { StoredTicket } from './tickets.ts';
import { TicketScreen } from './TicketScreen.tsx';

interface Props {
  ticket: StoredTicket | null;
  /** The page was opened with a link whose token is not a ticket. */
  badLink: boolean;
}

export function App({ ticket, badLink }: Props) {
  const [i18n, setLanguage] = useLanguage();
  // Another ticket link opened in this tab (a second family member): start over with it.
  useEffect(() => {
    const onHash = () => location.reload();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const switcher = <LanguageSwitch />;
  const { t } = i18n;
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
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
    </I18nProvider>
  );
}
