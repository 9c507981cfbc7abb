// The day view: a column per doctor, a row per slot. A free slot is a button
// (book it, or move the chosen booking there); a booking is a button that
// opens it. Bookings that no longer hold their slot stay, greyed.
import type { Appointment, Doctor } from '../../../shared/schemas.ts';
import { HOLDS_SLOT } from '../../../shared/bookings.ts';
import { useI18n } from '../i18n/index.ts';
import type { DayView, SlotRow } from './day-view.ts';
import type { BookingFormat } from './format.ts';
import { APPOINTMENT_WORDS } from './words.ts';

interface Props {
  view: DayView;
  format: BookingFormat;
  readOnly: boolean;
  onFree: (doctor: Doctor, row: SlotRow) => void;
  onOpen: (a: Appointment) => void;
}

export function DayGrid({ view, format, readOnly, onFree, onOpen }: Props) {
  const { lang } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  return (
    <div class="day-grid" data-testid="day-grid">
      {view.columns.map(({ doctor, rows }) => (
        <section
          key={doctor.id}
          class="day-col"
          aria-labelledby={`day-col-${doctor.id}`}
          data-testid="day-column"
          data-doctor-id={doctor.id}
        >
          <h3 id={`day-col-${doctor.id}`}>{doctor.name}</h3>
          {rows.length === 0 && <p class="muted">{w.noSlots}</p>}
          <ol class="slot-list">
            {rows.map((row) => {
              const time = format.time(row.start);
              return (
                <li key={row.start} class="slot" data-testid="slot" data-start={row.start} data-free={String(row.free)}>
                  <span class="slot-time" dir="ltr">
                    {time}
                  </span>
                  <div class="slot-body">
                    {row.bookings.map((a) => (
                      <BookingChip key={a.id} a={a} displaced={view.displaced.has(a.id)} onOpen={onOpen} />
                    ))}
                    {row.free && (
                      <button
                        type="button"
                        class="btn slot-free"
                        data-testid="slot-free"
                        disabled={readOnly}
                        aria-label={w.bookSlot(time, doctor.name)}
                        onClick={() => onFree(doctor, row)}
                      >
                        {w.free}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}

function BookingChip({ a, displaced, onOpen }: { a: Appointment; displaced: boolean; onOpen: (a: Appointment) => void }) {
  const { lang } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  const live = HOLDS_SLOT.includes(a.status);
  return (
    <button
      type="button"
      class={`booking-chip ${live ? '' : 'gone'} ${displaced ? 'displaced' : ''}`}
      data-testid="booking"
      data-appointment-id={a.id}
      data-status={a.status}
      data-displaced={String(displaced)}
      onClick={() => onOpen(a)}
    >
      <span class="name">{a.name}</span>
      <span class="muted small">
        {w.statuses[a.status]} · {w.sources[a.source]}
      </span>
      {displaced && (
        <span class="displaced-note" data-testid="displaced">
          <span aria-hidden="true">⚠</span> {w.displaced}
        </span>
      )}
    </button>
  );
}
