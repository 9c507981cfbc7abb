// The week view: a row per bookable doctor, a cell per day with its booked
// and bookable slots and the first names; a cell opens that day.
import { useI18n } from '../i18n/index.ts';
import type { WeekRow } from './day-view.ts';
import type { BookingFormat } from './format.ts';
import { APPOINTMENT_WORDS } from './words.ts';

/** A cell names this many bookings; the day view has the rest. */
const NAMES_PER_CELL = 4;

interface Props {
  rows: readonly WeekRow[];
  days: readonly string[];
  today: string;
  format: BookingFormat;
  onDay: (day: string) => void;
}

export function WeekGrid({ rows, days, today, format, onDay }: Props) {
  const { lang, num } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  return (
    <div class="table-scroll">
      <table class="week-grid" data-testid="week-grid">
        <thead>
          <tr>
            <td />
            {days.map((d) => (
              <th key={d} scope="col" aria-current={d === today ? 'date' : undefined}>
                {format.shortDay(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ doctor, days: cells }) => (
            <tr key={doctor.id} data-testid="week-row" data-doctor-id={doctor.id}>
              <th scope="row">{doctor.name}</th>
              {cells.map((c) => (
                <td key={c.day}>
                  {c.slots > 0 || c.booked.length > 0 ? (
                    <button
                      type="button"
                      class="week-cell"
                      data-testid="week-cell"
                      data-day={c.day}
                      data-booked={c.booked.length}
                      aria-label={`${doctor.name}, ${format.day(c.day)}: ${w.bookedOf(num(c.booked.length), num(c.slots))}`}
                      onClick={() => onDay(c.day)}
                    >
                      <strong>{w.bookedOf(num(c.booked.length), num(c.slots))}</strong>
                      <ul>
                        {c.booked.slice(0, NAMES_PER_CELL).map((a) => (
                          <li key={a.id}>
                            <bdi dir="ltr">{format.time(a.start)}</bdi> {a.name}
                          </li>
                        ))}
                        {c.booked.length > NAMES_PER_CELL && <li>…</li>}
                      </ul>
                    </button>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
