// The confirmation link's page: the patient's own booking, cancel, move.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { newRequestId } from '../checkin/api.ts';
import {
  cancelBooking,
  loadBooking,
  loadSlots,
  moveBooking,
  type Booking,
  type FreeSlot,
  type LoadError,
  type SendError,
  type SlotsInfo,
} from './api.ts';
import { useI18n } from './messages.ts';
import { Notice } from './Notice.tsx';
import { SlotPicker } from './SlotPicker.tsx';
import { slotFormats } from './when.ts';

export function BookingView({ token, onLanguages }: { token: string; onLanguages: (languages: string[]) => void }) {
  const { t, locale } = useI18n();
  const [booking, setBooking] = useState<Booking | LoadError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [mode, setMode] = useState<'view' | 'confirm-cancel' | 'move'>('view');
  const [slots, setSlots] = useState<SlotsInfo | null>(null);
  const [doctorId, setDoctorId] = useState('');
  const [slot, setSlot] = useState<FreeSlot | null>(null);
  const [error, setError] = useState<SendError | null>(null);
  const [busy, setBusy] = useState(false);
  // One per page: a retry of a lost answer is the same cancel or move for the server.
  const requestId = useMemo(newRequestId, []);

  useEffect(() => {
    let live = true;
    void loadBooking(token).then((r) => {
      if (!live) return;
      setBooking(r.ok ? r.value : r.error);
      if (r.ok) onLanguages(r.value.clinic.languages);
    });
    return () => {
      live = false;
    };
  }, [token, attempt, onLanguages]);

  if (booking === null)
    return (
      <p class="muted" role="status">
        {t.loading}
      </p>
    );
  if (typeof booking === 'string') return <Notice error={booking} onRetry={() => setAttempt((a) => a + 1)} />;

  const f = slotFormats(locale, booking.clinic.timeZone);
  const cancel = async () => {
    setBusy(true);
    const r = await cancelBooking(token, requestId);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setMode('view');
    setAttempt((a) => a + 1);
  };
  const openMove = async () => {
    setMode('move');
    const r = await loadSlots(booking.clinic.id);
    if (!r.ok) return setError(r.error === 'booking_closed' ? 'booking_closed' : 'server');
    setSlots(r.value);
    setDoctorId(r.value.doctors.some((d) => d.id === booking.doctorId) ? booking.doctorId : (r.value.doctors[0]?.id ?? ''));
  };
  const move = async () => {
    if (!slot) return;
    setBusy(true);
    const r = await moveBooking(token, { requestId, doctorId, start: slot.start });
    setBusy(false);
    if (r.ok) return location.replace(r.value);
    setError(r.error);
  };

  return (
    <section class="card booking" data-testid="booking" data-status={booking.status}>
      <h1>{t.yourBooking}</h1>
      <dl class="booking-facts">
        <dt>{t.when}</dt>
        <dd data-testid="booking-when">{f.full(booking.start)}</dd>
        {booking.doctor && (
          <>
            <dt>{t.withDoctor}</dt>
            <dd dir="auto">{booking.doctor.room ? t.doctorInRoom(booking.doctor.name, booking.doctor.room) : booking.doctor.name}</dd>
          </>
        )}
      </dl>
      <p dir="auto">{t.bookedFor(booking.name)}</p>
      <p class="booking-status" data-testid="booking-status">
        {t.status[booking.status]}
      </p>
      {error && (
        <p class="error" role="alert" data-testid="booking-error" data-error={error}>
          {t.errors[error]}
        </p>
      )}
      {booking.status === 'booked' && mode === 'view' && (
        <>
          <p class="muted small">{t.keepLink}</p>
          <button type="button" class="btn wide" data-testid="booking-move" onClick={openMove}>
            {t.move}
          </button>
          <button type="button" class="btn danger wide" data-testid="booking-cancel" onClick={() => setMode('confirm-cancel')}>
            {t.cancel}
          </button>
        </>
      )}
      {booking.status === 'booked' && mode === 'confirm-cancel' && (
        <div class="actions">
          <button type="button" class="btn danger" data-testid="booking-cancel-confirm" disabled={busy} onClick={cancel}>
            {t.cancelConfirm}
          </button>
          <button type="button" class="btn" onClick={() => setMode('view')}>
            {t.back}
          </button>
        </div>
      )}
      {booking.status === 'booked' && mode === 'move' && slots && (
        <>
          <SlotPicker
            info={slots}
            doctorId={doctorId}
            onDoctor={(id) => {
              setDoctorId(id);
              setSlot(null);
            }}
            chosen={slot}
            onChoose={setSlot}
          />
          <div class="actions">
            <button type="button" class="btn primary" data-testid="booking-move-submit" disabled={busy || !slot} onClick={move}>
              {t.moveSubmit}
            </button>
            <button type="button" class="btn" onClick={() => setMode('view')}>
              {t.back}
            </button>
          </div>
        </>
      )}
      {booking.status === 'cancelled' && (
        <a class="btn wide" href={`/book.html#c=${booking.clinic.id}`}>
          {t.bookAgain}
        </a>
      )}
    </section>
  );
}
