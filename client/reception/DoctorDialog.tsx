// A doctor's break and absence, from the desk. A break has a "back at" time
// (the TV, the patient page and the ETA use it); "absent today" also sends the
// doctor's waiting patients to another doctor or to any doctor, in their
// order of arrival, so nobody is left in a queue nobody serves.
import { useState } from 'preact/hooks';
import { backAtTime, doctorState } from '../../shared/doctor-status.ts';
import type { Doctor } from '../../shared/schemas.ts';
import { DeskDialog } from './DeskDialog.tsx';
import type { DoctorActions } from './doctors.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';
import { useI18n } from './i18n/index.ts';

interface Props {
  doctor: Doctor;
  /** The other doctors who see patients today: where an absent doctor's patients can go. */
  others: readonly Doctor[];
  day: string;
  timeZone: string;
  now: number;
  doctorActions: DoctorActions;
  entryActions: EntryActions;
  onClose: () => void;
}

export function DoctorDialog({ doctor, others, day, timeZone, now, doctorActions, entryActions, onClose }: Props) {
  const { t, time } = useI18n();
  const [backAt, setBackAt] = useState('');
  const [to, setTo] = useState('');
  const [timeError, setTimeError] = useState(false);
  const state = doctorState(doctor, day, now);
  const done = (write: Promise<void>) => {
    onClose();
    void write.catch(reportWriteError);
  };

  const startPause = () => {
    const until = backAtTime(day, backAt, timeZone, Date.now());
    setTimeError(until === null);
    if (until !== null) done(doctorActions.pause(doctor, until));
  };
  // The doctor document first: a tablet that sees the moved patients sees the absence that explains them.
  const markAbsent = () => done(doctorActions.absent(doctor, day, true).then(() => entryActions.transferAll(doctor.id, to || null)));

  return (
    <DeskDialog title={t.availabilityTitle(doctor.name)} testId="doctor-dialog" onClose={onClose}>
      {state.kind === 'absent' ? (
        <section class="dialog-part">
          <p>{t.absentToday}</p>
          <button type="button" class="btn" data-testid="present-again" onClick={() => done(doctorActions.absent(doctor, day, false))}>
            {t.presentAgain}
          </button>
        </section>
      ) : (
        <>
          <section class="dialog-part">
            {state.kind === 'paused' && (
              <p>
                {t.backAtTime(time(state.until))}{' '}
                <button type="button" class="btn" data-testid="resume" onClick={() => done(doctorActions.pause(doctor, null))}>
                  {t.resume}
                </button>
              </p>
            )}
            <label class="field">
              <span>{t.backAt}</span>
              <input
                type="time"
                data-testid="back-at"
                dir="ltr"
                value={backAt}
                aria-invalid={timeError}
                aria-describedby={timeError ? 'back-at-error' : undefined}
                onInput={(e) => setBackAt(e.currentTarget.value)}
              />
            </label>
            {timeError && (
              <p class="error" id="back-at-error" role="alert">
                {t.errTimeLater}
              </p>
            )}
            <button type="button" class="btn primary" data-testid="start-pause" onClick={startPause}>
              {t.startPause}
            </button>
          </section>
          <section class="dialog-part">
            <label class="field">
              <span>{t.sendPatientsTo}</span>
              <select data-testid="absent-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
                <option value="">{t.anyDoctor}</option>
                {others.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <p class="muted">{t.absentHint}</p>
            <button type="button" class="btn danger" data-testid="mark-absent" onClick={markAbsent}>
              {t.absentToday}
            </button>
          </section>
        </>
      )}
    </DeskDialog>
  );
}
