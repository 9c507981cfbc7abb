import { useEffect } from 'preact/hooks';
import { I18nProvider, LanguageSwitch, useLanguage } from './messages.ts';
import { Notice, TopBar } from './Layout.tsx';
import type { StoredTicket } from './tickets.ts';
import { TicketScreen } from './TicketScreen.tsx';
import { TypeCode } from './TypeCode.tsx';
import { clinicFromHash } from './code-lookup.ts';

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
  // A link that names the clinic (#c=…) is for typing a printed ticket's codes, even on a phone that has a ticket.
  const clinic = clinicFromHash(location.hash);
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      {ticket && !clinic ? (
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
            <TypeCode clinic={clinic} />
          </main>
        </>
      )}
    </I18nProvider>
  );
}
