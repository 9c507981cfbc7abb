// Chart.js with only what the owner's bar charts use registered, so the rest
// of the library is tree-shaken away. Charts follow the page's direction:
// in Arabic the category axis runs right to left and the value axis sits on
// the right, and legends and tooltips read right to left.
import { useEffect, useRef } from 'preact/hooks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type ChartOptions,
} from 'chart.js';
import type { OwnerI18n } from '../i18n/index.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
// The page's own type (base.css), so Arabic labels get an Arabic face; the page's muted text colour.
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', Tahoma, sans-serif";
Chart.defaults.color = '#55666a';

export const COLORS = {
  seen: '#0f766e',
  noShow: '#c2410c',
  cancelled: '#8a979a',
  inProgress: '#2563eb',
  median: '#0f766e',
  p90: '#7dd3c8',
} as const;

/** What every owner chart shares: the locale's numbers, the page's direction, no animation to wait for. */
export function baseOptions(i18n: OwnerI18n): ChartOptions<'bar'> {
  const rtl = i18n.dir === 'rtl';
  return {
    locale: i18n.locale,
    animation: false,
    maintainAspectRatio: false,
    plugins: {
      legend: { position: 'bottom', rtl, textDirection: i18n.dir, labels: { boxWidth: 14 } },
      tooltip: { rtl, textDirection: i18n.dir },
    },
  };
}

interface Props {
  config: ChartConfiguration<'bar'>;
  /** The chart's text alternative: what a screen reader says instead of the drawing. */
  label: string;
  /** CSS pixels; otherwise the stylesheet's height. */
  height?: number;
}

/** A canvas that draws `config`; callers memoise it, so a new chart is made only when the figures or the language change. */
export function BarCanvas({ config, label, height }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(ref.current!, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div class="chart-box" style={height ? { blockSize: `${height}px` } : undefined}>
      <canvas ref={ref} role="img" aria-label={label} />
    </div>
  );
}
