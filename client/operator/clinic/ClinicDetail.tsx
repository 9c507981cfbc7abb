// One clinic as the operator sees it: subscription, usage, settings, counts,
// payments, the actions on its subscription, and its audit log. After an
// action the detail and the log load again, so what shows is what the server
// now holds.
import { useEffect, useRef, useState } from 'preact/hooks';
import { OperatorClinicDetail, type Plan } from '../../../shared/saas.ts';
import { useLoad } from '../../ui/useLoad.ts';
import type { OperatorApi } from '../api.ts';
import { AuditLog } from '../audit/AuditLog.tsx';
import { useI18n } from '../i18n/index.ts';
import { LIST_HREF } from '../route.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { ActionsCard } from './ActionsCard.tsx';
import { CountsCard } from './CountsCard.tsx';
import { PaymentsCard } from './PaymentsCard.tsx';
import { SettingsCard } from './SettingsCard.tsx';
import { SubscriptionCard } from './SubscriptionCard.tsx';
import { UsageCard } from './UsageCard.tsx';

interface Props {
  api: OperatorApi;
  clinicId: string;
  plans: Plan[] | null;
}

export function ClinicDetail({ api, clinicId, plans }: Props) {
  const { t } = useI18n();
  const path = `/api/operator/clinics/${encodeURIComponent(clinicId)}`;
  const detail = useLoad(() => api.get(path, OperatorClinicDetail), [api, path]);
  // A new key loads the log afresh, older pages dropped, with the action just taken on top.
  const [auditRound, setAuditRound] = useState(0);
  const changed = () => {
    detail.reload();
    setAuditRound((n) => n + 1);
  };
  return (
    <div class="op-detail">
      <a href={LIST_HREF} class="back" data-testid="back-to-list">
        {t.backToList}
      </a>
      <LoadState load={detail.load} onRetry={detail.reload}>
        {(d) => (
          <>
            <DetailTitle detail={d} />
            <div class="op-grid">
              <SubscriptionCard subscription={d.subscription} />
              <UsageCard subscription={d.subscription} />
              <ActionsCard api={api} path={path} detail={d} plans={plans} onChanged={changed} />
              <CountsCard counts={d.counts} />
              <SettingsCard clinic={d.clinic} settings={d.settings} />
              <PaymentsCard payments={d.payments} />
            </div>
            <AuditLog key={auditRound} api={api} path={`${path}/audit`} plans={plans} />
          </>
        )}
      </LoadState>
    </div>
  );
}

/** Takes the focus when the clinic opens, so a screen reader starts at its name. */
function DetailTitle({ detail: { clinic } }: { detail: OperatorClinicDetail }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="op-title">
      <h1 ref={ref} tabIndex={-1} data-testid="detail-name">
        {clinic.name}
      </h1>
      <StatusBadge status={clinic.status} closedAt={clinic.closedAt} purgeAfter={clinic.purgeAfter} />
    </div>
  );
}
