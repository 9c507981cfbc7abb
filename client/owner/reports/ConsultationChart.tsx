// Consultation length per doctor: the median and the 90th percentile side by
// side, horizontal so long names stay readable in any language.
import { useMemo } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { useI18n, type OwnerI18n } from '../i18n/index.ts';
import type { Report } from '../schemas.ts';
import { BarCanvas, baseOptions, COLORS } from './chart.tsx';

interface Props {
  report: Report;
  /** Doctor id → name; an id with no name (a doctor deleted since) is shown as is. */
  names: ReadonlyMap<string, string>;
}

interface Row {
  key: string;
  name: string;
  count: number;
  median: number | null;
  p90: number | null;
}

/** Room for one bar pair per doctor, so many doctors do not squash the chart. */
const PX_PER_DOCTOR = 56;
const MIN_HEIGHT_PX = 160;
const LEGEND_AND_AXIS_PX = 70;

function chartConfig(rows: Row[], i18n: OwnerI18n): ChartConfiguration<'bar'> {
  const { t } = i18n;
  const rtl = i18n.dir === 'rtl';
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.name),
      datasets: [
        { label: t.median, data: rows.map((r) => r.median), backgroundColor: COLORS.median },
        { label: t.p90, data: rows.map((r) => r.p90), backgroundColor: COLORS.p90 },
      ],
    },
    options: {
      ...baseOptions(i18n),
      indexAxis: 'y',
      scales: {
        x: { beginAtZero: true, reverse: rtl, ticks: { callback: (v) => i18n.minutes(Number(v)) } },
        y: { position: rtl ? 'right' : 'left', grid: { display: false } },
      },
    },
  };
}

export function ConsultationChart({ report, names }: Props) {
  const i18n = useI18n();
  const { t, num, minutes } = i18n;
  const rows = useMemo(
    () =>
      report.consultation.map((c) => ({
        key: c.doctorId ?? '',
        name: c.doctorId === null ? t.unassigned : (names.get(c.doctorId) ?? c.doctorId),
        count: c.count,
        median: c.medianMin,
        p90: c.p90Min,
      })),
    [report, names, t],
  );
  const config = useMemo(() => chartConfig(rows, i18n), [rows, i18n]);
  const summary = rows.map((r) => t.consultationItem(r.name, minutes(r.median), minutes(r.p90))).join('; ');
  return (
    <figure class="card report-card" data-testid="chart-consultation" data-doctors={rows.length}>
      <figcaption>
        <h2>{t.consultationTitle}</h2>
      </figcaption>
      <BarCanvas
        config={config}
        label={`${t.consultationTitle}. ${summary}`}
        height={Math.max(MIN_HEIGHT_PX, rows.length * PX_PER_DOCTOR + LEGEND_AND_AXIS_PX)}
      />
      <details class="as-table">
        <summary>{t.showTable}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.doctor}</th>
              <th scope="col">{t.consultations}</th>
              <th scope="col">{t.median}</th>
              <th scope="col">{t.p90}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.name}</th>
                <td>{num(r.count)}</td>
                <td>{minutes(r.median)}</td>
                <td>{minutes(r.p90)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
