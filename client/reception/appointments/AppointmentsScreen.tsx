// The desk's appointments: a day view (a column per doctor, the slots and their
// bookings) and a week view, moving day by day or week by week. Everything is
// read from and written to the tablet's own database, so it works offline like
// the queue. Moving a booking is two taps: "move" on it, then a free slot.
import { useMemo, useState } from 'preact/hooks';
import { addDays } from '../../../shared/day.ts';
import type { Appointment, Doctor, Settings } from '../../../shared/schemas.ts';
import { DEFAULT_TIME_ZONE } from '../useClinicData.ts';
import { useI18n } from '../i18n/index.ts';
import { reportWriteError } from '../errors.ts';
import type { AppointmentActions, BookingOutcome, NewBooking } from './actions.ts';
import { BookDialog } from './BookDialog.tsx';
import { BookingDialog } from './BookingDialog.tsx';
import { DayGrid } from './DayGrid.tsx';
import { type SlotRow, bookableDoctors, dayView, weekDays, weekView } from './day-view.ts';
import { useBookingFormat } from './format.ts';
import { useBookings } from './useBookings.ts';
import type { AppointmentCollection } from './actions.ts';
import { WeekGrid } from './WeekGrid.tsx';
import { APPOINTMENT_WORDS } from './words.ts';

type Mode = 'day' | 'week';
const DAYS_IN_WEEK = 7;

interface Props {
  col: AppointmentCollection;
  actions: AppointmentActions;
  settings: Settings | null;
  doctors: readonly Doctor[];
  today: string;
  now: number;
  readOnly: boolean;
  onArrive: (a: Appointment) => void;
}

export function AppointmentsScreen({ col, actions, settings, doctors, today, now, readOnly, onArrive }: Props) {
  const { lang } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  const timeZone = settings?.timeZone ?? DEFAULT_TIME_ZONE;
  const format = useBookingFormat(timeZone);
  const [mode, setMode] = useState<Mode>('day');
  const [day, setDay] = useState(today);
  const [booking, setBooking] = useState<{ doctor: Doctor; row: SlotRow } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [moving, setMoving] = useState<Appointment | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const days = useMemo(() => (mode === 'week' ? weekDays(day) : [day]), [mode, day]);
  const bookings = useBookings(col, days[0]!, days[days.length - 1]!);
  const hours = useMemo(() => ({ hours: settings?.hours ?? null, timeZone }), [settings?.hours, timeZone]);
  const dayModel = useMemo(() => dayView(doctors, hours, day, bookings, now), [doctors, hours, day, bookings, now]);
  const weekModel = useMemo(
    () => (mode === 'week' ? weekView(doctors, hours, day, bookings, now) : []),
    [mode, doctors, hours, day, bookings, now],
  );
  const opened = openId === null ? null : (bookings.find((a) => a.id === openId) ?? null);
  const doctorName = (id: string) => doctors.find((d) => d.id === id)?.name ?? '';

  const refusalText = (r: BookingOutcome) => (r.ok ? null : r.code === 'clash' ? w.clash : w.changed);
  const act = async (work: () => Promise<BookingOutcome>): Promise<string | null> => {
    try {
      return refusalText(await work());
    } catch (err) {
      reportWriteError(err);
      return null;
    }
  };
  const book = async (b: NewBooking) => {
    const refused = await act(() => actions.book(b));
    if (!refused) setBooking(null);
    return refused;
  };
  const onFree = (doctor: Doctor, row: SlotRow) => {
    setRefusal(null);
    if (!moving) {
      setBooking({ doctor, row });
      return;
    }
    const target = { doctorId: doctor.id, start: row.start, minutes: row.minutes };
    void act(() => actions.move(moving, target)).then((refused) => {
      setRefusal(refused);
      if (!refused) setMoving(null);
    });
  };
  const cancel = (a: Appointment) => {
    setOpenId(null);
    void act(() => actions.cancel(a)).then(setRefusal);
  };
  const step = (n: number) => setDay((d) => addDays(d, n * (mode === 'week' ? DAYS_IN_WEEK : 1)));

  if (bookableDoctors(doctors).length === 0 && bookings.length === 0) {
    return (
      <section class="card appointments" aria-labelledby="appointments-title" data-testid="appointments">
        <h2 id="appointments-title">{w.appointmentsTab}</h2>
        <p class="muted">{w.noBookableDoctor}</p>
      </section>
    );
  }

  return (
    <section class="card appointments" aria-labelledby="appointments-title" data-testid="appointments">
      <div class="appointments-bar">
        <h2 id="appointments-title" data-testid="appointments-day" data-day={day}>
          {mode === 'week' ? `${format.day(days[0]!)} – ${format.day(days[DAYS_IN_WEEK - 1]!)}` : format.day(day)}
        </h2>
        <fieldset class="tabs view-switch">
          <legend class="visually-hidden">{w.views}</legend>
          {(['day', 'week'] as const).map((m) => (
            <button key={m} type="button" class="tab" data-testid={`view-${m}`} aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === 'day' ? w.dayView : w.weekView}
            </button>
          ))}
        </fieldset>
        <div class="tabs">
          <button type="button" class="btn" data-testid="day-previous" onClick={() => step(-1)}>
            <span aria-hidden="true" class="flip">
              ‹
            </span>{' '}
            {mode === 'week' ? w.previousWeek : w.previousDay}
          </button>
          <button type="button" class="btn" data-testid="day-today" disabled={day === today} onClick={() => setDay(today)}>
            {w.today}
          </button>
          <button type="button" class="btn" data-testid="day-next" onClick={() => step(1)}>
            {mode === 'week' ? w.nextWeek : w.nextDay}{' '}
            <span aria-hidden="true" class="flip">
              ›
            </span>
          </button>
        </div>
      </div>
      {moving && (
        <div class="banner note moving" role="status" data-testid="moving">
          <span>
            {w.moveTitle(moving.name)} {w.moveHint}
          </span>
          <button type="button" class="btn" data-testid="moving-cancel" onClick={() => setMoving(null)}>
            {w.cancelMove}
          </button>
        </div>
      )}
      {refusal && (
        <p class="error" role="alert" data-testid="appointments-refused">
          {refusal}
        </p>
      )}
      {mode === 'day' ? (
        <DayGrid view={dayModel} format={format} readOnly={readOnly} onFree={onFree} onOpen={(a) => setOpenId(a.id)} />
      ) : (
        <WeekGrid
          rows={weekModel}
          days={days}
          today={today}
          format={format}
          onDay={(d) => {
            setDay(d);
            setMode('day');
          }}
        />
      )}
      {booking && (
        <BookDialog
          doctorId={booking.doctor.id}
          start={booking.row.start}
          minutes={booking.row.minutes}
          title={w.bookTitle(format.time(booking.row.start), booking.doctor.name)}
          languages={settings?.languages ?? []}
          onBook={book}
          onClose={() => setBooking(null)}
        />
      )}
      {opened && (
        <BookingDialog
          a={opened}
          doctorName={doctorName(opened.doctorId)}
          today={today}
          displaced={dayModel.displaced.has(opened.id)}
          readOnly={readOnly}
          format={format}
          onArrive={(a) => {
            setOpenId(null);
            onArrive(a);
          }}
          onMove={(a) => {
            setOpenId(null);
            setMoving(a);
          }}
          onCancel={cancel}
          onClose={() => setOpenId(null)}
        />
      )}
    </section>
  );
}
