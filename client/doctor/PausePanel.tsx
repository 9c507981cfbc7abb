// Pause with a "back at" time (15, 30 or 60 minutes, or a time picked), and
// Resume. The pause lives on the doctor's document, so the desk, the TV and
// the patients' pages show it once it syncs.
import { useState } from 'preact/hooks';
import type { Doctor } from '../../shared/schemas.ts';
import type { ClinicDb } from '../db/database.ts';
import { deviceClock } from '../db/device-clock.ts';
import { useI18n } from '../reception/i18n/index.ts';
import { reportWriteError } from '../reception/errors.ts';
import { useMinuteClock } from '../reception/useClinicData.ts';
import { PAUSE_MINUTES, pauseFor } from './pause.ts';
import { DoctorActions } from '../reception/doctors.ts';
import { backAtTime, doctorState } from '../../shared/doctor-status.ts';
import { clinicDay } from '../../shared/tickets.ts';

interface Props {
  db: ClinicDb;
  doctor: Doctor;
  timeZone: string;
  readOnly: boolean;
}

export function PausePanel({ db, doctor, timeZone, readOnly }: Props) {
  const { t, time, minutes } = useI18n();
  useMinuteClock();
  const [picked, setPicked] = useState('');
  const [badTime, setBadTime] = useState(false);
  const set = (until: number | null) => void new DoctorActions(db.doctors).pause(doctor, until).catch(reportWriteError);
  const now = deviceClock.correctedNow();
  const day = clinicDay(now, timeZone);
  const pickedSubmit = (e: Event) => {
    e.preventDefault();
    // The time typed is the clinic's, as at the desk.
    const until = backAtTime(day, picked, timeZone, deviceClock.correctedNow());
    setBadTime(until === null);
    if (until !== null) set(until);
  };

  if (doctorState(doctor, day, now).kind === 'paused')
    return (
      <section class="banner warn pause" data-testid="paused" aria-live="polite">
        <span>{t.doctorScreen.paused(time(doctor.pausedUntil!))}</span>
        <button type="button" class="btn primary" data-testid="resume" disabled={readOnly} onClick={() => set(null)}>
          {t.doctorScreen.resume}
        </button>
      </section>
    );
  return (
    <section class="card pause" aria-labelledby="pause-title">
      <h2 id="pause-title">{t.doctorScreen.pause}</h2>
      <div class="pause-choices">
        {PAUSE_MINUTES.map((m) => (
          <button key={m} type="button" class="btn" data-testid={`pause-${m}`} disabled={readOnly} onClick={() => set(pauseFor(m))}>
            {minutes(m)}
          </button>
        ))}
      </div>
      <form class="pause-at" onSubmit={pickedSubmit}>
        <label class="field">
          <span>{t.doctorScreen.backAt}</span>
          <input
            type="time"
            data-testid="pause-at"
            value={picked}
            aria-invalid={badTime}
            aria-describedby={badTime ? 'pause-at-error' : undefined}
            onInput={(e) => setPicked(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn" disabled={readOnly || picked === ''}>
          {t.doctorScreen.pauseUntil}
        </button>
        {badTime && (
          <p id="pause-at-error" class="error" role="alert">
            {t.doctorScreen.errBackAt}
          </p>
        )}
      </form>
    </section>
  );
}
