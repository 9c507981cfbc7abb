// The signed-in operator: the one API client, the plans every screen names,
// the list's search kept while a clinic is open, and the session's end when
// its token expires.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Plans } from '../../shared/saas.ts';
import { useLoad } from '../ui/useLoad.ts';
import { OperatorApi } from './api.ts';
import type { Leave } from './App.tsx';
import { Header } from './Header.tsx';
import { useRoute } from './route.ts';
import { signOutRemote, type OperatorGrant } from './session.ts';
import { ClinicList, FIRST_PAGE, type ClinicQuery } from './clinics/ClinicList.tsx';
import { ClinicDetail } from './clinic/ClinicDetail.tsx';

/** setTimeout's ceiling (about 24.8 days); a longer token is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Props {
  grant: OperatorGrant;
  onLeave: (why: Leave) => void;
}

export function Console({ grant, onLeave }: Props) {
  const api = useMemo(() => new OperatorApi(grant.accessToken, () => onLeave('ended')), [grant]);
  useExpiry(grant.expiresAt, () => onLeave('ended'));
  const route = useRoute();
  const plans = useLoad(() => api.get('/api/operator/plans', Plans), [api]);
  const [query, setQuery] = useState<ClinicQuery>(FIRST_PAGE);
  const planList = plans.load.state === 'ok' ? plans.load.data.plans : null;
  return (
    <>
      <Header operator={grant.operator} onSignOut={() => void signOutRemote(grant.accessToken).then(() => onLeave('signed_out'))} />
      <main class="op-main" id="main">
        {route.kind === 'clinic' ? (
          <ClinicDetail key={route.id} api={api} clinicId={route.id} plans={planList} />
        ) : (
          <ClinicList api={api} plans={planList} query={query} onQuery={setQuery} />
        )}
      </main>
    </>
  );
}

function useExpiry(expiresAt: number, onExpired: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      const left = expiresAt - Date.now();
      if (left <= 0) return onExpired();
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    arm();
    return () => clearTimeout(timer);
  }, [expiresAt]);
}
