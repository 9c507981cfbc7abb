// One clinic's figures for a range of clinic days: tiles, per-day bars,
// consultation lengths, busy hours, appointments when there were any, the
// same figures as CSV, and the exports.
import { useMemo, useState } from 'preact/hooks';
import { clinicDay } from '../../../shared/tickets.ts';
import type { OwnerApi } from '../api.ts';
import type { DoctorRow } from '../doctors.ts';
import { useI18n } from '../i18n/index.ts';
import { Report, type OwnedClinic } from '../schemas.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useLoad, type Load } from '../../ui/useLoad.ts';
import { Appointments } from './Appointments.tsx';
import { BusyHours } from './BusyHours.tsx';
import { ConsultationChart } from './ConsultationChart.tsx';
import { ExportCsv } from './ExportCsv.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { Kpis } from './Kpis.tsx';
import { PerDayChart } from './PerDayChart.tsx';
import { RangePicker } from './RangePicker.tsx';
import { DEFAULT_DAYS, lastDays } from './range.ts';

interface Props {
  api: OwnerApi;
  clinic: OwnedClinic;
  /** For doctor names; the reports only carry ids. */
  doctors: Load<DoctorRow[]>;
}

export function ReportsView({ api, clinic, doctors }: Props) {
  const { t } = useI18n();
  const today = clinicDay(Date.now(), clinic.timeZone);
  const [range, setRange] = useState(() => lastDays(DEFAULT_DAYS, today));
  const report = useLoad(() => {
    const q = new URLSearchParams({ from: range.from, to: range.to });
    return api.get(`/api/owner/clinics/${encodeURIComponent(clinic.id)}/reports?${q}`, Report);
  }, [api, clinic.id, range.from, range.to]);
  const names = useMemo(() => new Map(doctors.state === 'ok' ? doctors.data.map((d) => [d.id, d.name]) : []), [doctors]);

  return (
    <div class="reports">
      <div class="report-bar card">
        <RangePicker range={range} today={today} onChange={setRange} />
        <ExportCsv api={api} clinicId={clinic.id} range={range} />
      </div>
      <LoadState load={report.load} onRetry={report.reload}>
        {(r) => (
          <>
            <Kpis report={r} />
            {r.appointments.bookings + r.appointments.visitsBooked > 0 && <Appointments report={r} />}
            {r.totals.visits === 0 ? (
              <p class="banner note" data-testid="no-visits">
                {t.noVisits}
              </p>
            ) : (
              <div class="report-grid">
                <PerDayChart report={r} />
                <ConsultationChart report={r} names={names} />
                <BusyHours report={r} />
              </div>
            )}
          </>
        )}
      </LoadState>
      <ExportPanel api={api} clinicId={clinic.id} range={range} />
    </div>
  );
}
