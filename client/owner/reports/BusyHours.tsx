// Arrivals by weekday × hour as a table: each cell shows its number, and its
// shade says the same at a glance. A table reads in either direction (in
// Arabic the hours run right to left) and a screen reader reads it as is.
import { useI18n } from '../i18n/index.ts';
import type { Report } from '../schemas.ts';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** Shown when there are no arrivals at all: an ordinary clinic day. */
const DEFAULT_HOURS = { first: 8, last: 18 };
/** Shades 1..LEVELS, 0 for an empty cell; owner.css gives each a background with readable text. */
const LEVELS = 4;

export function BusyHours({ report }: { report: Report }) {
  const { t, num, weekday, hour } = useI18n();
  const counts = new Map(report.busyHours.map((b) => [`${b.weekday}-${b.hour}`, b.visits]));
  const hoursSeen = report.busyHours.map((b) => b.hour);
  const first = hoursSeen.length > 0 ? Math.min(...hoursSeen) : DEFAULT_HOURS.first;
  const last = hoursSeen.length > 0 ? Math.max(...hoursSeen) : DEFAULT_HOURS.last;
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const max = Math.max(1, ...report.busyHours.map((b) => b.visits));
  const level = (n: number) => (n === 0 ? 0 : Math.ceil((n / max) * LEVELS));

  return (
    <section class="card report-card" aria-labelledby="busy-title">
      <h2 id="busy-title">{t.busyTitle}</h2>
      <p class="muted">{t.busyIntro}</p>
      <div class="table-scroll">
        <table class="heatmap" data-testid="busy-hours">
          <thead>
            <tr>
              <th scope="col">{t.weekday}</th>
              {hours.map((h) => (
                <th key={h} scope="col">
                  {hour(h)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((d) => (
              <tr key={d}>
                <th scope="row">{weekday(d)}</th>
                {hours.map((h) => {
                  const n = counts.get(`${d}-${h}`) ?? 0;
                  return (
                    <td key={h} class={`heat-${level(n)}`} data-weekday={d} data-hour={h} title={t.visitsAt(num(n), weekday(d), hour(h))}>
                      {num(n)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
