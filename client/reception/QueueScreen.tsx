import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { endedEarly } from '../../shared/corrections.ts';
import { seesPatients } from '../../shared/doctor-status.ts';
import { inDoctorQueue, waitingQueue } from '../../shared/queue.ts';
import type { Appointment, Doctor, Entry, Settings } from '../../shared/schemas.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { ClinicDb } from '../db/database.ts';
import { DoctorTabs } from './DoctorTabs.tsx';
import { EntryActions, type NewPatient } from './entries.ts';
import { reportWriteError } from './errors.ts';
import { EndedList } from './EndedList.tsx';
import { DeskDialogs } from './DeskDialogs.tsx';
import type { DeskDialogState } from './desk-dialog-state.ts';
import { DoctorActions } from './doctors.ts';
import { useI18n } from './i18n/index.ts';
import { ExpectedList } from './PatientNotices.tsx';
import { NowServing } from './NowServing.tsx';
import { RegisterForm } from './RegisterForm.tsx';
import type { Session } from './session.ts';
import { TicketIssued } from './TicketIssued.tsx';
import { DEFAULT_TIME_ZONE, clinicToday, useDayEntries, useMinuteClock } from './useClinicData.ts';
import { ticketSeries } from '../../shared/tickets.ts';
import { WaitingList } from './WaitingList.tsx';
import { TicketPrint } from './print/TicketPrint.tsx';
import { usePrintTicket } from './print/usePrintTicket.ts';
import { SETTINGS_DEFAULTS } from '../../shared/doc-defaults.ts';
import { DayClose } from './DayClose.tsx';
import { useAutoClose } from './useAutoClose.ts';
import type { Suggest } from './returning.ts';
import { AppointmentActions } from './appointments/actions.ts';
import { AppointmentsScreen } from './appointments/AppointmentsScreen.tsx';
import { ExpectedBookings } from './appointments/ExpectedBookings.tsx';
import { expectedToday } from './appointments/day-view.ts';
import { useBookingFormat } from './appointments/format.ts';
import { useBookings } from './appointments/useBookings.ts';
import { ScreenSwitch, type Screen } from './appointments/ScreenSwitch.tsx';
import { memo } from '../ui/memo.ts';

interface Props {
  db: ClinicDb;
  session: Session;
  settings: Settings | null;
  doctors: readonly Doctor[];
  readOnly: boolean;
  suggest: Suggest;
}

const newId = () => uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));

/**
 * Memoised: the workspace above re-renders on every change of the sync state
 * (unsynced count, last sync, phase), several times after each tap; the queue's
 * props change only with the clinic's data, so those renders stop here.
 */
export const QueueScreen = memo(function QueueScreen({ db, session, settings, doctors, readOnly, suggest }: Props) {
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
  const doctorActions = useMemo(() => new DoctorActions(db.doctors), [db]);
  const day = useMemo(() => clinicToday(now, timeZone), [now, timeZone]);
  const entries = useDayEntries(actions.liveDay(day));
  const { t } = useI18n();
  useAutoClose(db, settings, now, readOnly);

  const active = useMemo(() => doctors.filter((d) => d.active), [doctors]);
  const available = useMemo(() => active.filter((d) => seesPatients(d, day)), [active, day]);
  // A patient whose doctor no longer sees patients today says so on their row, so the desk sends them on.
  const doctorNames = useMemo(
    () => new Map(doctors.map((d) => [d.id, seesPatients(d, day) ? d.name : `${d.name} · ${t.doctorUnavailable}`])),
    [doctors, day, t],
  );
  const [dialog, setDialog] = useState<DeskDialogState | null>(null);
  const [tab, setTab] = useState<string | null>(null);
  // A doctor made inactive elsewhere takes their tab with them.
  const view = tab !== null && active.some((d) => d.id === tab) ? tab : null;

  const waiting = useMemo(() => waitingQueue(entries, view), [entries, view]);
  const ended = useMemo(() => endedEarly(entries.filter((e) => inDoctorQueue(e, view))), [entries, view]);
  const expected = useMemo(() => entries.filter((e) => e.status === 'expected' && inDoctorQueue(e, view)), [entries, view]);
  const cardDoctors = useMemo(() => (view === null ? active : active.filter((d) => d.id === view)), [active, view]);

  const signer = useMemo(
    () => ({ deviceId: session.device.id, capabilityKey: session.device.capabilityKey, timeZone }),
    [session.device.id, session.device.capabilityKey, timeZone],
  );
  const [screen, setScreen] = useState<Screen>('queue');
  const bookingActions = useMemo(
    () => new AppointmentActions(db.appointments, { clinicId: session.clinic.id, timeZone: () => zoneRef.current }, newId),
    [db, session.clinic.id],
  );
  const todaysBookings = useBookings(db.appointments, day, day);
  const expectedBookings = useMemo(() => expectedToday(todaysBookings, day), [todaysBookings, day]);
  const bookingFormat = useBookingFormat(timeZone);
  const [issued, setIssued] = useState<Entry | null>(null);
  // The live copy, so the ticket panel follows the patient's place as the queue moves.
  const issuedNow = issued && (entries.find((e) => e.id === issued.id) ?? issued);

  const printing = usePrintTicket({
    entries,
    settings,
    doctors,
    clinicName: session.clinic.name,
    timeZone,
  });

  const register = async (p: NewPatient): Promise<boolean> => {
    try {
      const entry = await actions.register(p, newId());
      setIssued(entry);
      // The owner's "always print": the ticket prints without a tap.
      if (settings?.alwaysPrint) printing.print(entry);
      return true;
    } catch (err) {
      reportWriteError(err);
      return false;
    }
  };

  /** A booked patient is here: their visit joins the queue at its fair place, and the ticket is offered as for a registration. */
  const arrive = async (a: Appointment) => {
    if (!settings) return;
    try {
      const entry = await actions.arrive(a, settings, db.appointments);
      if (!entry) return;
      setScreen('queue');
      setIssued(entry);
      if (settings.alwaysPrint) printing.print(entry);
    } catch (err) {
      reportWriteError(err);
    }
  };

  return (
    <div class="workspace">
      <div class="side">
        <RegisterForm
          doctors={available}
          defaultDoctorId={view !== null && available.some((d) => d.id === view) ? view : null}
          languages={settings?.languages ?? []}
          readOnly={readOnly}
          onRegister={register}
          suggest={suggest}
        />
        <ExpectedBookings
          expected={expectedBookings}
          doctorNames={doctorNames}
          format={bookingFormat}
          readOnly={readOnly || !settings}
          onArrive={(a) => void arrive(a)}
        />
      </div>
      <div class="queue-col">
        {issuedNow && (
          <TicketIssued
            entry={issuedNow}
            entries={entries}
            doctorName={issuedNow.doctorId === null ? null : (doctorNames.get(issuedNow.doctorId) ?? null)}
            signer={signer}
            onPrint={printing.print}
            onClose={() => setIssued(null)}
          />
        )}
        <ScreenSwitch value={screen} onChange={setScreen} />
        {screen === 'appointments' ? (
          <AppointmentsScreen
            col={db.appointments}
            actions={bookingActions}
            settings={settings}
            doctors={active}
            today={day}
            now={now}
            readOnly={readOnly || !settings}
            onArrive={(a) => void arrive(a)}
          />
        ) : (
          <>
            <DoctorTabs doctors={active} entries={entries} value={view} onChange={setTab} />
            <NowServing
              doctors={cardDoctors}
              showGeneral={view === null}
              entries={entries}
              day={day}
              now={now}
              readOnly={readOnly}
              actions={actions}
              onDialog={setDialog}
            />
            <WaitingList
              waiting={waiting}
              doctorNames={doctorNames}
              now={now}
              view={view}
              readOnly={readOnly}
              actions={actions}
              onDialog={setDialog}
              onPrint={printing.print}
            />
            <EndedList ended={ended} readOnly={readOnly} actions={actions} />
            <DeskDialogs
              dialog={dialog}
              entries={entries}
              doctors={active}
              doctorNames={doctorNames}
              day={day}
              timeZone={timeZone}
              now={now}
              actions={actions}
              doctorActions={doctorActions}
              onClose={() => setDialog(null)}
            />
            <ExpectedList expected={expected} readOnly={readOnly} actions={actions} />
            <DayClose db={db} settings={settings} day={day} entries={entries} doctorNames={doctorNames} readOnly={readOnly} />
          </>
        )}
      </div>
      {/* Keyed by the patient: another patient's print starts with no link and no code, never the last one's. */}
      {printing.request && (
        <TicketPrint
          key={printing.request.facts.entry.id}
          request={printing.request}
          paper={settings?.ticketPaper ?? SETTINGS_DEFAULTS.ticketPaper}
          signer={signer}
        />
      )}
    </div>
  );
});
