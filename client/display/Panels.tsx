import { useRef } from 'preact/hooks';
import { type AwayRow, fitRows, fitServing, type NextRow, type ServingRow } from './board.ts';
import { useI18n } from './messages.ts';
import { useRowsThatFit } from './useRowsThatFit.ts';

/** Where to go: the room, with the doctor's name when the clinic shows names. */
function Place({ doctorName, room }: { doctorName: string | null; room: string | null }) {
  const { t } = useI18n();
  if (!doctorName && !room) return null;
  return (
    <span class="place">
      {room && <span class="room">{t.room(room)}</span>}
      {doctorName && <span class="doctor">{doctorName}</span>}
    </span>
  );
}

/** The last line of a list that does not fit: styled as a row, so the rows' measure holds for it. */
function More({ n, rowClass }: { n: number; rowClass: string }) {
  const { t, num } = useI18n();
  return (
    <li class={`${rowClass} more-row`} data-testid="more" data-count={n}>
      {t.more(num(n))}
    </li>
  );
}

export function ServingPanel({ rows, highlight }: { rows: readonly ServingRow[]; highlight: string | null }) {
  const { t } = useI18n();
  const list = useRef<HTMLOListElement>(null);
  const fit = useRowsThatFit(list, rows.length);
  const { shown, more, dense } = fitServing(rows, fit);
  return (
    <section class="panel serving-panel" aria-labelledby="serving-title">
      <h2 id="serving-title">{t.nowServing}</h2>
      {rows.length === 0 ? (
        <p class="panel-empty">{t.nobodyServing}</p>
      ) : (
        <ol ref={list} class={`serving-rows${dense ? ' dense' : ''}`} data-fit={fit}>
          {shown.map((r) => (
            <li
              key={r.id}
              class={`serving-row ${r.status}${r.id === highlight ? ' fresh' : ''}`}
              data-testid="serving"
              data-ticket={r.ticket}
              data-doctor-id={r.doctorId ?? ''}
              data-status={r.status}
            >
              <bdi class="board-ticket">{r.ticket}</bdi>
              <Place doctorName={r.doctorName} room={r.room} />
              <span class="serving-status">{r.status === 'called' ? t.called : t.inConsultation}</span>
            </li>
          ))}
          {more > 0 && <More n={more} rowClass="serving-row" />}
        </ol>
      )}
    </section>
  );
}

export function NextPanel({ rows }: { rows: readonly NextRow[] }) {
  const { t } = useI18n();
  const list = useRef<HTMLOListElement>(null);
  const fit = useRowsThatFit(list, rows.length);
  const { shown, more } = fitRows(rows, fit);
  return (
    <section class="panel next-panel" aria-labelledby="next-title">
      <h2 id="next-title">{t.next}</h2>
      {rows.length === 0 ? (
        <p class="panel-empty">{t.emptyQueue}</p>
      ) : (
        <ol ref={list} class="next-rows" data-fit={fit}>
          {shown.map((r) => (
            <li key={r.id} class="next-row" data-testid="next" data-ticket={r.ticket}>
              <bdi class="board-ticket">{r.ticket}</bdi>
              <Place doctorName={r.doctorName} room={r.room} />
            </li>
          ))}
          {more > 0 && <More n={more} rowClass="next-row" />}
        </ol>
      )}
    </section>
  );
}

/** Doctors on a break or absent today, so the room knows why a queue stands still. */
export function AwayStrip({ rows }: { rows: readonly AwayRow[] }) {
  const { t, time } = useI18n();
  if (rows.length === 0) return null;
  return (
    <ul class="away-strip" data-testid="away">
      {rows.map((r) => (
        <li key={r.id} data-testid="away-row" data-doctor-id={r.id}>
          {r.until === null ? t.absentToday(r.doctorName) : t.backAt(r.doctorName, time(r.until))}
          {r.room && <span class="room"> · {t.room(r.room)}</span>}
        </li>
      ))}
    </ul>
  );
}
