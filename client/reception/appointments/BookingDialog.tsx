// One booking, opened from the day view: who and when, and what the desk can
// do with it while it is booked: the patient has arrived, move it to another
// free slot, or cancel it (asked twice: a cancel frees the slot for others).
import { useState } from 'preact/hooks';
import type { Appointment } from '../../../shared/schemas.ts';
import { DeskDialog } from '../DeskDialog.tsx';
import { useI18n } from '../i18n/index.ts';
import type { BookingFormat } from './format.ts';
import { APPOINTMENT_WORDS } from './words.ts';

interface Props {
  a: Appointment;
  doctorName: string;
  today: string;
  displaced: boolean;
  readOnly: boolean;
  format: BookingFormat;
  onArrive: (a: Appointment) => void;
  onMove: (a: Appointment) => void;
  onCancel: (a: Appointment) => void;
  onClose: () => void;
}

export function BookingDialog({ a, doctorName, today, displaced, readOnly, format, onArrive, onMove, onCancel, onClose }: Props) {
  const { lang } = useI18n();
  const w = APPOINTMENT_WORDS[lang];
  const [confirming, setConfirming] = useState(false);
  const time = format.time(a.start);
  const booked = a.status === 'booked' && !readOnly;
  return (
    <DeskDialog title={`${a.name} · ${time}`} testId="booking-dialog" onClose={onClose}>
      <p>
        {doctorName} · {format.day(a.day)} {w.at(time)}
      </p>
      <p class="muted">
        {w.statuses[a.status]} · {w.sources[a.source]}
        {a.phone && (
          <>
            {' · '}
            <bdi dir="ltr">{a.phone}</bdi>
          </>
        )}
      </p>
      {displaced && (
        <p class="displaced-note" role="status">
          <span aria-hidden="true">⚠</span> {w.displaced}
        </p>
      )}
      {confirming ? (
        <div class="dialog-part">
          <p role="alert">{w.cancelConfirm(a.name, time)}</p>
          <button type="button" class="btn danger" data-testid="booking-cancel-confirm" onClick={() => onCancel(a)}>
            {w.confirmCancel}
          </button>
        </div>
      ) : (
        booked && (
          <div class="actions">
            {a.day === today && (
              <button type="button" class="btn primary" data-testid="booking-arrived" onClick={() => onArrive(a)}>
                {w.arrived}
              </button>
            )}
            <button type="button" class="btn" data-testid="booking-move" onClick={() => onMove(a)}>
              {w.move}
            </button>
            <button type="button" class="btn danger" data-testid="booking-cancel" onClick={() => setConfirming(true)}>
              {w.cancelBooking}
            </button>
          </div>
        )
      )}
    </DeskDialog>
  );
}
