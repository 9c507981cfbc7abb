import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { inDoctorQueue, waitingQueue } from '../../shared/queue.ts';
import type { Doctor, Entry, Settings } from '../../shared/schemas.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { ClinicDb } from '../db/database.ts';
import { DoctorTabs } from './DoctorTabs.tsx';
import { EntryActions, type NewPatient } from './entries.ts';
import { reportWriteError } from './errors.ts';
import { NoShows } from './NoShows.tsx';
import { NowServing } from './NowServing.tsx';
import { RegisterForm } from './RegisterForm.tsx';
import type { Session } from './session.ts';
import { TicketIssued } from './TicketIssued.tsx';
import { DEFAULT_TIME_ZONE, clinicToday, useDayEntries, useMinuteClock } from './useClinicData.ts';
import { ticketSeries } from '../../shared/tickets.ts';
import { WaitingList } from './WaitingList.tsx';
import { DayClose } from './DayClose.tsx';
import { useAutoClose } from './useAutoClose.ts';
import type { Suggest } from './returning.ts';

interface Props {
  db: ClinicDb;
  session: Session;
  settings: Settings | null;
  doctors: readonly Doctor[];
  readOnly: boolean;
  suggest: Suggest;
}

const newEntryId = () => uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));

export function QueueScreen({ db, session, settings, doctors, readOnly, suggest }: Props) {
  const now = useMinuteClock();
  const timeZone = settings?.timeZone ?? DEFAULT_TIME_ZONE;
  const zoneRef = useRef(timeZone);
  zoneRef.current = timeZone;

  const series = ticketSeries(settings?.ticketPrefix ?? '', session.device.series);
  const actions = useMemo(
    () => new EntryActions(db.entries, { clinicId: session.clinic.id, series }, () => clinicToday(Date.now(), zoneRef.current)),
    [db, session.clinic.id, series],
  );
  useEffect(() => () => actions.close(), [actions]);
  const today = clinicToday(now, timeZone);
  const entries = useDayEntries(actions.liveDay(today));
  useAutoClose(db, settings, now, readOnly);

  const active = useMemo(() => doctors.filter((d) => d.active), [doctors]);
  const doctorNames = useMemo(() => new Map(doctors.map((d) => [d.id, d.name])), [doctors]);
  const [tab, setTab] = useState<string | null>(null);
  // A doctor made inactive elsewhere takes their tab with them.
  const view = tab !== null && active.some((d) => d.id === tab) ? tab : null;

  const waiting = useMemo(() => waitingQueue(entries, view), [entries, view]);
  const noShows = useMemo(
    () => entries.filter((e) => e.status === 'no_show' && inDoctorQueue(e, view)).sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0)),
    [entries, view],
  );
  const cardDoctors = useMemo(() => (view === null ? active : active.filter((d) => d.id === view)), [active, view]);

  const signer = useMemo(
    () => ({ deviceId: session.device.id, capabilityKey: session.device.capabilityKey, timeZone }),
    [session.device.id, session.device.capabilityKey, timeZone],
  );
  const [issued, setIssued] = useState<Entry | null>(null);
  // The live copy, so the ticket panel follows the patient's place as the queue moves.
  const issuedNow = issued && (entries.find((e) => e.id === issued.id) ?? issued);

  const register = async (p: NewPatient): Promise<boolean> => {
    try {
      setIssued(await actions.register(p, newEntryId()));
      return true;
    } catch (err) {
      reportWriteError(err);
      return false;
    }
  };

  return (
    <div class="workspace">
      <div class="side">
        <RegisterForm doctors={active} defaultDoctorId={view} readOnly={readOnly} onRegister={register} suggest={suggest} />
      </div>
      <div class="queue-col">
        {issuedNow && (
          <TicketIssued
            entry={issuedNow}
            entries={entries}
            doctorName={issuedNow.doctorId === null ? null : (doctorNames.get(issuedNow.doctorId) ?? null)}
            signer={signer}
            onClose={() => setIssued(null)}
          />
        )}
        <DoctorTabs doctors={active} entries={entries} value={view} onChange={setTab} />
        <NowServing doctors={cardDoctors} showGeneral={view === null} entries={entries} readOnly={readOnly} actions={actions} />
        <WaitingList waiting={waiting} doctorNames={doctorNames} now={now} view={view} readOnly={readOnly} actions={actions} />
        <NoShows noShows={noShows} readOnly={readOnly} actions={actions} />
        <DayClose db={db} settings={settings} day={today} entries={entries} doctorNames={doctorNames} readOnly={readOnly} />
      </div>
    </div>
  );
}
