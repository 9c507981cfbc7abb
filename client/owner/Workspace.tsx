// The signed-in owner: which clinic, which section, and the one API client
// every section uses. The clinic and the section survive a reload.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { SetupState, Subscription } from '../../shared/saas.ts';
import { OwnerApi } from './api.ts';
import { loadDoctors } from './doctors.ts';
import { useI18n } from './i18n/index.ts';
import { OwnedClinics, type OwnedClinic } from './schemas.ts';
import { saveTokens, signOutRemote, type OwnerSession } from './session.ts';
import { dropParam, param } from './url.ts';
import { Header } from './Header.tsx';
import { LoadState } from './ui/LoadState.tsx';
import { useLoad } from '../ui/useLoad.ts';
import { ReportsView } from './reports/ReportsView.tsx';
import { AdminView } from './admin/AdminView.tsx';
import { AuditView } from './audit/AuditView.tsx';
import { SetupView } from './setup/SetupView.tsx';
import { SubscriptionView } from './subscription/SubscriptionView.tsx';
import { StatusBanner } from './subscription/StatusBanner.tsx';
import { BranchesView } from './branches/BranchesView.tsx';

export type Section = 'setup' | 'reports' | 'admin' | 'audit' | 'subscription' | 'branches';
const SECTIONS: readonly Section[] = ['setup', 'reports', 'admin', 'audit', 'subscription', 'branches'];
const CLINIC_KEY = 'doctorq.owner.clinic';
/** `?setup=1`: the sign-up page sends the new owner here. */
const SETUP_PARAM = 'setup';

interface Props {
  session: OwnerSession;
  onLeave: (why: 'signed_out' | 'ended') => void;
  /** The emailed link's answer, shown above every section. */
  notice: ComponentChildren;
  /** Turns true once the emailed link verified the address: the setup checklist asks again. */
  emailVerified: boolean;
}

export function Workspace({ session, onLeave, notice, emailVerified }: Props) {
  const { t } = useI18n();
  const api = useMemo(() => {
    const { accessToken, accessTokenExpiresAt, refreshToken } = session;
    return new OwnerApi({ accessToken, accessTokenExpiresAt, refreshToken }, saveTokens, () => onLeave('ended'));
  }, [session]);
  const clinics = useLoad(() => api.get('/api/owner/clinics', OwnedClinics), [api]);
  const chosen = useHashSection();
  const [picked, setPicked] = useState(() => sessionStorage.getItem(CLINIC_KEY));

  const signOut = async () => {
    await signOutRemote(api.refreshToken);
    onLeave('signed_out');
  };
  const pick = (id: string) => {
    sessionStorage.setItem(CLINIC_KEY, id);
    setPicked(id);
  };
  // A new branch joins the switcher and opens on its own setup checklist.
  const branchAdded = (id: string) => {
    pick(id);
    clinics.reload();
    location.hash = '#setup';
  };
  // Closing a clinic ended every session in it: this page's too when it signed in to that clinic.
  const leaveClosed = (id: string, owned: OwnedClinic[]) => {
    const other = owned.find((c) => c.id !== id);
    if (session.clinic.id === id || !other) {
      sessionStorage.removeItem(CLINIC_KEY);
      return onLeave('signed_out');
    }
    pick(other.id);
    clinics.reload();
  };

  return (
    <LoadState load={clinics.load} onRetry={clinics.reload}>
      {({ clinics: owned }) => {
        const clinic = owned.find((c) => c.id === picked) ?? owned[0];
        const header = (section: Section, setupOpen: boolean) => (
          <Header clinics={owned} clinic={clinic} section={section} setupOpen={setupOpen} onPick={pick} onSignOut={signOut} />
        );
        return clinic ? (
          <ClinicArea
            key={clinic.id}
            api={api}
            clinic={clinic}
            chosen={chosen}
            header={header}
            notice={notice}
            emailVerified={emailVerified}
            onBranchAdded={branchAdded}
            onClosed={(id) => leaveClosed(id, owned)}
          />
        ) : (
          <>
            {header(chosen ?? 'reports', false)}
            <div class="banners">{notice}</div>
            <main class="owner-main">
              <p class="banner note" data-testid="no-clinic-owned">
                {t.noClinicOwned}
              </p>
            </main>
          </>
        );
      }}
    </LoadState>
  );
}

interface AreaProps {
  api: OwnerApi;
  clinic: OwnedClinic;
  /** The section in the address, if any; otherwise the setup while unfinished, then the reports. */
  chosen: Section | null;
  header: (section: Section, setupOpen: boolean) => ComponentChildren;
  notice: ComponentChildren;
  emailVerified: boolean;
  onBranchAdded: (clinicId: string) => void;
  onClosed: (clinicId: string) => void;
}

/** Keyed by clinic: switching clinics starts every section afresh. */
function ClinicArea({ api, clinic, chosen, header, notice, emailVerified, onBranchAdded, onClosed }: AreaProps) {
  const { t } = useI18n();
  const base = `/api/owner/clinics/${encodeURIComponent(clinic.id)}`;
  const doctors = useLoad(() => loadDoctors(api, clinic.id), [api, clinic.id]);
  const setup = useLoad(() => api.get(`${base}/setup`, SetupState), [api, base]);
  // One load for the banner and the section: both always show the same status.
  const subscription = useLoad(() => api.get(`${base}/subscription`, Subscription), [api, base]);
  useEffect(() => {
    if (emailVerified) setup.reload();
  }, [emailVerified]);
  const setupOpen = setup.load.state === 'ok' && setup.load.data.completedAt === null;
  // A clinic still being set up opens on its checklist.
  const section = chosen ?? (setupOpen ? 'setup' : 'reports');
  return (
    <>
      {header(section, setupOpen)}
      <div class="banners">
        {notice}
        {subscription.load.state === 'ok' && <StatusBanner status={subscription.load.data.status} />}
        {setupOpen && section !== 'setup' && (
          <p class="banner note" data-testid="banner-setup">
            <span>{t.setupUnfinished}</span>
            <a href="#setup">{t.continueSetup}</a>
          </p>
        )}
      </div>
      <main class="owner-main" id="main">
        {section === 'setup' && <SetupView api={api} base={base} clinic={clinic} setup={setup} doctors={doctors} />}
        {section === 'reports' && <ReportsView api={api} clinic={clinic} doctors={doctors.load} />}
        {section === 'admin' && <AdminView api={api} clinic={clinic} doctors={doctors} onClosed={onClosed} />}
        {section === 'audit' && <AuditView api={api} clinic={clinic} />}
        {section === 'subscription' && <SubscriptionView subscription={subscription} />}
        {section === 'branches' && <BranchesView api={api} clinic={clinic} onAdded={onBranchAdded} />}
      </main>
    </>
  );
}

/** The section lives in the URL fragment: links, the back button and a reload all keep it. */
function useHashSection(): Section | null {
  const read = (): Section | null => {
    const h = location.hash.slice(1);
    return (SECTIONS as readonly string[]).includes(h) ? (h as Section) : null;
  };
  const [section, setSection] = useState(() => {
    if (param(SETUP_PARAM) !== null) dropParam(SETUP_PARAM, `#setup`);
    return read();
  });
  useEffect(() => {
    const onHash = () => setSection(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return section;
}
