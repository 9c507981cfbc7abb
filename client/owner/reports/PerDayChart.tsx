// Patients per clinic day as stacked bars (seen / no-show / cancelled, and
// visits still in progress when the range includes today), with every day of
// the range on the axis so a closed day shows as a gap, not as nothing.
import { useMemo } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { useI18n, type OwnerI18n } from '../i18n/index.ts';
import type { Report } from '../schemas.ts';
import { BarCanvas, baseOptions, COLORS } from './chart.tsx';
import { eachDay } from './range.ts';

interface DayRow {
  day: string;
  total: number;
  seen: number;
  noShow: number;
  cancelled: number;
  inProgress: number;
}

function dayRows(report: Report): DayRow[] {
  const byDay = new Map(report.perDay.map((d) => [d.day, d]));
  return eachDay(report).map((day) => {
    const d = byDay.get(day);
    if (!d) return { day, total: 0, seen: 0, noShow: 0, cancelled: 0, inProgress: 0 };
    return {
      day,
      total: d.total,
      seen: d.seen,
      noShow: d.noShow,
      cancelled: d.cancelled,
      inProgress: d.total - d.seen - d.noShow - d.cancelled,
    };
  });
}

function chartConfig(rows: DayRow[], i18n: OwnerI18n): ChartConfiguration<'bar'> {
  const { t } = i18n;
  const series: [string, string, (r: DayRow) => number][] = [
    [t.seen, COLORS.seen, (r) => r.seen],
    [t.noShow, COLORS.noShow, (r) => r.noShow],
    [t.cancelled, COLORS.cancelled, (r) => r.cancelled],
  ];
  if (rows.some((r) => r.inProgress > 0)) series.push([t.inProgress, COLORS.inProgress, (r) => r.inProgress]);
  const base = baseOptions(i18n);
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => i18n.day(r.day)),
      datasets: series.map(([label, color, value]) => ({ label, data: rows.map(value), backgroundColor: color })),
    },
    options: {
      ...base,
      scales: {
        x: { stacked: true, reverse: i18n.dir === 'rtl', grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        y: { stacked: true, beginAtZero: true, position: i18n.dir === 'rtl' ? 'right' : 'left', ticks: { precision: 0 } },
      },
    },
  };
}

export function PerDayChart({ report }: { report: Report }) {
  const i18n = useI18n();
  const { t, num, dayFull } = i18n;
  const rows = useMemo(() => dayRows(report), [report]);
  const config = useMemo(() => chartConfig(rows, i18n), [rows, i18n]);
  const peak = rows.reduce((best, r) => (r.total > best.total ? r : best), rows[0]!);
  const summary = t.perDaySummary(num(report.totals.visits), dayFull(report.from), dayFull(report.to), num(peak.total), dayFull(peak.day));
  return (
    <figure class="card report-card" data-testid="chart-per-day" data-days={rows.filter((r) => r.total > 0).length}>
      <figcaption>
        <h2>{t.perDayTitle}</h2>
      </figcaption>
      <BarCanvas config={config} label={`${t.perDayTitle}. ${summary}`} />
      <details class="as-table">
        <summary>{t.showTable}</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.day}</th>
                <th scope="col">{t.total}</th>
                <th scope="col">{t.seen}</th>
                <th scope="col">{t.noShow}</th>
                <th scope="col">{t.cancelled}</th>
                <th scope="col">{t.inProgress}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.day}>
                  <th scope="row">{dayFull(r.day)}</th>
                  <td>{num(r.total)}</td>
                  <td>{num(r.seen)}</td>
                  <td>{num(r.noShow)}</td>
                  <td>{num(r.cancelled)}</td>
                  <td>{num(r.inProgress)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
