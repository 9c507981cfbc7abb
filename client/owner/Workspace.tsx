// The signed-in owner: which clinic, which section, and the one API client
// every section uses. The clinic and the section survive a reload.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { OwnerApi } from './api.ts';
import { loadDoctors } from './doctors.ts';
import { useI18n } from './i18n/index.ts';
import { OwnedClinics, type OwnedClinic } from './schemas.ts';
import { saveTokens, signOutRemote, type OwnerSession } from './session.ts';
import { Header } from './Header.tsx';
import { LoadState } from './ui/LoadState.tsx';
import { useLoad } from './ui/useLoad.ts';
import { ReportsView } from './reports/ReportsView.tsx';
import { AdminView } from './admin/AdminView.tsx';
import { AuditView } from './audit/AuditView.tsx';

export type Section = 'reports' | 'admin' | 'audit';
const SECTIONS: readonly Section[] = ['reports', 'admin', 'audit'];
const CLINIC_KEY = 'doctorq.owner.clinic';

interface Props {
  session: OwnerSession;
  onLeave: (why: 'signed_out' | 'ended') => void;
}

export function Workspace({ session, onLeave }: Props) {
  const { t } = useI18n();
  const api = useMemo(() => {
    const { accessToken, accessTokenExpiresAt, refreshToken } = session;
    return new OwnerApi({ accessToken, accessTokenExpiresAt, refreshToken }, saveTokens, () => onLeave('ended'));
  }, [session]);
  const clinics = useLoad(() => api.get('/api/owner/clinics', OwnedClinics), [api]);
  const section = useSection();
  const [picked, setPicked] = useState(() => sessionStorage.getItem(CLINIC_KEY));

  const signOut = async () => {
    await signOutRemote(api.refreshToken);
    onLeave('signed_out');
  };
  const pick = (id: string) => {
    sessionStorage.setItem(CLINIC_KEY, id);
    setPicked(id);
  };

  return (
    <LoadState load={clinics.load} onRetry={clinics.reload}>
      {({ clinics: owned }) => {
        const clinic = owned.find((c) => c.id === picked) ?? owned[0];
        return (
          <>
            <Header clinics={owned} clinic={clinic} section={section} onPick={pick} onSignOut={signOut} />
            {clinic ? (
              <ClinicArea key={clinic.id} api={api} clinic={clinic} section={section} />
            ) : (
              <main class="owner-main">
                <p class="banner note" data-testid="no-clinic-owned">
                  {t.noClinicOwned}
                </p>
              </main>
            )}
          </>
        );
      }}
    </LoadState>
  );
}

interface AreaProps {
  api: OwnerApi;
  clinic: OwnedClinic;
  section: Section;
}

/** Keyed by clinic: switching clinics starts every section afresh. */
function ClinicArea({ api, clinic, section }: AreaProps) {
  const doctors = useLoad(() => loadDoctors(api, clinic.id), [api, clinic.id]);
  return (
    <main class="owner-main" id="main">
      {section === 'reports' && <ReportsView api={api} clinic={clinic} doctors={doctors.load} />}
      {section === 'admin' && <AdminView api={api} clinic={clinic} doctors={doctors} />}
      {section === 'audit' && <AuditView api={api} clinic={clinic} />}
    </main>
  );
}

/** The section lives in the URL fragment: links, the back button and a reload all keep it. */
function useSection(): Section {
  const read = (): Section => {
    const h = location.hash.slice(1);
    return (SECTIONS as readonly string[]).includes(h) ? (h as Section) : 'reports';
  };
  const [section, setSection] = useState(read);
  useEffect(() => {
    const onHash = () => setSection(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return section;
}
