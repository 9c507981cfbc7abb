// The day at a glance, on one screen: visits and their outcomes, waits, and
// the same per doctor (shared/day-close.ts, daySummary).
import type { DaySummary } from '../../shared/day-close.ts';
import { useI18n } from './i18n/index.ts';
import { DAY_CLOSE_WORDS } from './i18n/day-close.ts';

interface Props {
  summary: DaySummary;
  doctorNames: ReadonlyMap<string, string>;
  onDone: () => void;
}

export function DaySummaryCard({ summary, doctorNames, onDone }: Props) {
  const { lang, num, minutes } = useI18n();
  const w = DAY_CLOSE_WORDS[lang];
  const wait = (m: number | null) => (m === null ? w.none : minutes(m));
  const figures: [string, string, string][] = [
    ['visits', w.visits, num(summary.visits)],
    ['seen', w.seen, num(summary.seen)],
    ['no-shows', w.noShows, num(summary.noShows)],
    ['not-seen', w.notSeenCount, num(summary.notSeen)],
    ['cancelled', w.cancelled, num(summary.cancelled)],
    ['median-wait', w.medianWait, wait(summary.medianWait)],
    ['longest-wait', w.longestWait, wait(summary.longestWait)],
  ];
  return (
    <section class="card day-summary" aria-labelledby="day-summary-title" data-testid="day-summary">
      <h2 id="day-summary-title">{w.summaryTitle(summary.day)}</h2>
      <dl class="figures">
        {figures.map(([id, label, value]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd data-testid={`summary-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <table data-testid="summary-doctors">
        <thead>
          <tr>
            <th scope="col">{w.doctor}</th>
            <th scope="col">{w.seen}</th>
            <th scope="col">{w.noShows}</th>
            <th scope="col">{w.notSeenCount}</th>
            <th scope="col">{w.medianWait}</th>
          </tr>
        </thead>
        <tbody>
          {summary.perDoctor.map((d) => (
            <tr key={d.doctorId ?? ''}>
              <th scope="row">{d.doctorId === null ? w.anyDoctor : (doctorNames.get(d.doctorId) ?? d.doctorId)}</th>
              <td>{num(d.seen)}</td>
              <td>{num(d.noShows)}</td>
              <td>{num(d.notSeen)}</td>
              <td>{wait(d.medianWait)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="btn primary" data-testid="summary-done" onClick={onDone}>
        {w.done}
      </button>
    </section>
  );
}
