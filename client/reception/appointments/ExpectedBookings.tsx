// Today's booked patients still to come, beside the register form: the
// receptionist sees who is expected and marks them arrived in one tap (their
// visit joins the queue at its fair place, shared/arrival.ts).
import type { Appointment } from '../../../shared/schemas.ts';
import { useI18n } from '../i18n/index.ts';
import type { BookingFormat } from './format.ts';
import { APPOINTMENT_WORDS } from './words.ts';

interface Props {
  expected: readonly Appointment[];
  doctorNames: ReadonlyMap<string, string>;
  format: BookingFormat;
  readOnly: boolean;
  onArrive: (a: Appointment) => void;
}

export function ExpectedBookings({ expected, doctorNames, format, readOnly, onArrive }: Props) {
  const { lang, num } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  if (expected.length === 0) return null;
  return (
    <section class="card expected-bookings" aria-labelledby="expected-bookings-title" data-testid="expected-bookings">
      <h2 id="expected-bookings-title">
        {w.expectedTitle} <span class="count">{num(expected.length)}</span>
      </h2>
      <p class="muted">{w.expectedHint}</p>
      <ul class="noshow-list">
        {expected.map((a) => (
          <li key={a.id} class="noshow-row" data-testid="expected-booking" data-appointment-id={a.id}>
            <span class="slot-time" dir="ltr">
              {format.time(a.start)}
            </span>
            <span class="who">
              <span class="name">{a.name}</span>
              <span class="muted small">{doctorNames.get(a.doctorId) ?? ''}</span>
            </span>
            <button
              type="button"
              class="btn"
              data-testid="expected-booking-arrived"
              aria-label={`${w.arrived}: ${a.name}`}
              disabled={readOnly}
              onClick={() => onArrive(a)}
            >
              {w.arrived}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
