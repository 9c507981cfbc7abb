// The range's appointments beside the walk-ins: how many visits were booked,
// how punctual booked patients were, how many never came. Same tiles as the
// headline figures (raw values in data-value for tests).
import { useI18n } from '../i18n/index.ts';
import type { Report } from '../schemas.ts';
import { Tile } from './Kpis.tsx';

export function Appointments({ report }: { report: Report }) {
  const { t, num, pct, minutes } = useI18n();
  const a = report.appointments;
  const arrivals = t.basedOnArrivals(num(a.punctuality.count));
  return (
    <section class="card" aria-labelledby="appointments-title">
      <h2 id="appointments-title">{t.appointmentsTitle}</h2>
      <dl class="kpis">
        <Tile id="kpi-booked-visits" label={t.kpiBookedVisits} value={a.visitsBooked}>
          {num(a.visitsBooked)}
        </Tile>
        <Tile id="kpi-walkin-visits" label={t.kpiWalkInVisits} value={a.visitsWalkIn}>
          {num(a.visitsWalkIn)}
        </Tile>
        <Tile id="kpi-online-bookings" label={t.kpiOnlineBookings} value={a.online}>
          {num(a.online)}
        </Tile>
        <Tile id="kpi-punctuality" label={t.kpiPunctuality} value={a.punctuality.medianMin} note={arrivals}>
          {minutes(a.punctuality.medianMin)}
        </Tile>
        <Tile id="kpi-within-window" label={t.kpiWithinWindow} value={a.punctuality.withinWindowShare} note={arrivals}>
          {pct(a.punctuality.withinWindowShare)}
        </Tile>
        <Tile id="kpi-booked-noshow" label={t.kpiBookedNoShowRate} value={a.noShowRate}>
          {pct(a.noShowRate)}
        </Tile>
      </dl>
    </section>
  );
}
