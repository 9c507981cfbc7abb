// The headline figures of the range. Each tile carries its raw value in
// data-value so tests read the figure, not its localised text.
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/index.ts';
import type { Report } from '../schemas.ts';

interface TileProps {
  id: string;
  label: string;
  value: number | null;
  children: ComponentChildren;
  note?: string;
}

export function Tile({ id, label, value, children, note }: TileProps) {
  return (
    <div class="kpi" data-testid={id} data-value={value ?? ''}>
      <dt>{label}</dt>
      <dd>
        <strong>{children}</strong>
        {note && <span class="muted">{note}</span>}
      </dd>
    </div>
  );
}

export function Kpis({ report }: { report: Report }) {
  const { t, num, pct, minutes } = useI18n();
  const { totals, wait } = report;
  const calls = t.basedOnCalls(num(wait.count));
  return (
    <dl class="kpis">
      <Tile id="kpi-visits" label={t.kpiVisits} value={totals.visits}>
        {num(totals.visits)}
      </Tile>
      <Tile id="kpi-wait-median" label={t.kpiWaitMedian} value={wait.medianMin} note={calls}>
        {minutes(wait.medianMin)}
      </Tile>
      <Tile id="kpi-wait-p90" label={t.kpiWaitP90} value={wait.p90Min} note={calls}>
        {minutes(wait.p90Min)}
      </Tile>
      <Tile id="kpi-noshow-rate" label={t.kpiNoShowRate} value={totals.noShowRate}>
        {pct(totals.noShowRate)}
      </Tile>
      <Tile id="kpi-cancel-rate" label={t.kpiCancelRate} value={totals.cancellationRate}>
        {pct(totals.cancellationRate)}
      </Tile>
      <Tile id="kpi-self-checkin" label={t.kpiSelfCheckIn} value={totals.selfCheckInShare}>
        {pct(totals.selfCheckInShare)}
      </Tile>
    </dl>
  );
}
