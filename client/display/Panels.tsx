import type { NextRow, ServingRow } from './board.ts';
import { useI18n } from './messages.ts';

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

export function ServingPanel({ rows, highlight }: { rows: readonly ServingRow[]; highlight: string | null }) {
  const { t } = useI18n();
  return (
    <section class="panel serving-panel" aria-labelledby="serving-title">
      <h2 id="serving-title">{t.nowServing}</h2>
      {rows.length === 0 ? (
        <p class="panel-empty">{t.nobodyServing}</p>
      ) : (
        <ol class="serving-rows">
          {rows.map((r) => (
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
        </ol>
      )}
    </section>
  );
}

export function NextPanel({ rows }: { rows: readonly NextRow[] }) {
  const { t } = useI18n();
  return (
    <section class="panel next-panel" aria-labelledby="next-title">
      <h2 id="next-title">{t.next}</h2>
      {rows.length === 0 ? (
        <p class="panel-empty">{t.emptyQueue}</p>
      ) : (
        <ol class="next-rows">
          {rows.map((r) => (
            <li key={r.id} class="next-row" data-testid="next" data-ticket={r.ticket}>
              <bdi class="board-ticket">{r.ticket}</bdi>
              <Place doctorName={r.doctorName} room={r.room} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
