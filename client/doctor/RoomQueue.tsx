// One doctor's queue, from the room: the patient called or in consultation
// (Start, Finish, No-show) and Call next (the reception's card), who waits
// for this doctor (names only), the no-shows to recall, and the pause. Every
// action is the reception's (entries.ts), so desk and room decide alike.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { waitingQueue } from '../../shared/queue.ts';
import type { Doctor } from '../../shared/schemas.ts';
import type { ClinicDb } from '../db/database.ts';
import { EntryActions } from '../reception/entries.ts';
import { useI18n } from '../reception/i18n/index.ts';
import { EndedList } from '../reception/EndedList.tsx';
import { endedEarly } from '../../shared/corrections.ts';
import { NowServing } from '../reception/NowServing.tsx';
import { DEFAULT_TIME_ZONE, clinicToday, useDayEntries, useMinuteClock } from '../reception/useClinicData.ts';
import { PausePanel } from './PausePanel.tsx';
import type { Session } from './session.ts';

interface Props {
  db: ClinicDb;
  session: Session;
  doctor: Doctor;
  timeZone: string | null;
  readOnly: boolean;
}

export function RoomQueue({ db, session, doctor, timeZone, readOnly }: Props) {
  const { t, num } = useI18n();
  const now = useMinuteClock();
  const zone = timeZone ?? DEFAULT_TIME_ZONE;
  const zoneRef = useRef(zone);
  zoneRef.current = zone;
  // The series is the device's own; a doctor's screen registers nobody, so no ticket is ever drawn from it.
  const actions = useMemo(
    () =>
      new EntryActions(db.entries, { clinicId: session.clinic.id, series: session.device.series }, () =>
        clinicToday(Date.now(), zoneRef.current),
      ),
    [db, session.clinic.id, session.device.series],
  );
  useEffect(() => () => actions.close(), [actions]);
  const entries = useDayEntries(actions.liveDay(clinicToday(now, zone)));

  const waiting = useMemo(() => waitingQueue(entries, doctor.id), [entries, doctor.id]);
  const ended = useMemo(() => endedEarly(entries.filter((e) => e.status === 'no_show' && e.doctorId === doctor.id)), [entries, doctor.id]);

  return (
    <div class="room">
      <PausePanel db={db} doctor={doctor} timeZone={zone} readOnly={readOnly} />
      <NowServing
        doctors={[doctor]}
        showGeneral={false}
        entries={entries}
        day={clinicToday(now, zone)}
        now={now}
        readOnly={readOnly}
        actions={actions}
      />
      <section class="card" aria-labelledby="room-waiting-title">
        <h2 id="room-waiting-title">
          {t.doctorScreen.waitingTitle} <span class="count">{num(waiting.length)}</span>
        </h2>
        {waiting.length === 0 ? (
          <p class="muted">{t.emptyQueue}</p>
        ) : (
          <ol class="room-waiting">
            {waiting.map((e) => (
              <li key={e.id} data-testid="room-waiting-row" data-entry-id={e.id} data-ticket={e.ticket}>
                <span class="ticket" dir="ltr">
                  {e.ticket}
                </span>
                <span class="name">{e.name}</span>
                {e.priority === 'urgent' && <span class="badge urgent-badge">{t.urgent}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <EndedList ended={ended} readOnly={readOnly} actions={actions} />
    </div>
  );
}
