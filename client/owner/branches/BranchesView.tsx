// The owner's account as a whole: every branch's report side by side over
// one period (GET /api/owner/reports), and a new branch. Each branch keeps
// its own section tabs; this one is the same whichever branch is picked.
import { useState } from 'preact/hooks';
import { CombinedReport as Combined } from '../../../shared/branches.ts';
import { clinicDay } from '../../../shared/tickets.ts';
import { useLoad } from '../../ui/useLoad.ts';
import type { OwnerApi } from '../api.ts';
import { RangePicker } from '../reports/RangePicker.tsx';
import { DEFAULT_DAYS, lastDays } from '../reports/range.ts';
import type { OwnedClinic } from '../schemas.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { AddBranchForm } from './AddBranchForm.tsx';
import { CombinedReport } from './CombinedReport.tsx';

interface Props {
  api: OwnerApi;
  /** The branch picked: its today ends the default period. */
  clinic: OwnedClinic;
  onAdded: (clinicId: string) => void;
}

export function BranchesView({ api, clinic, onAdded }: Props) {
  const today = clinicDay(Date.now(), clinic.timeZone);
  const [range, setRange] = useState(() => lastDays(DEFAULT_DAYS, today));
  const report = useLoad(
    () => api.get(`/api/owner/reports?${new URLSearchParams({ from: range.from, to: range.to })}`, Combined),
    [api, range.from, range.to],
  );
  return (
    <div class="reports" data-testid="branches-view">
      <div class="report-bar card">
        <RangePicker range={range} today={today} onChange={setRange} />
      </div>
      <LoadState load={report.load} onRetry={report.reload}>
        {(r) => <CombinedReport report={r} />}
      </LoadState>
      <AddBranchForm api={api} onAdded={onAdded} />
    </div>
  );
}
