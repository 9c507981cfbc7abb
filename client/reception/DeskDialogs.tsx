// The open desk dialog, on the live copies of the day: a dialog whose patient
// or doctor is gone (removed on another tablet) closes by itself.
import { seesPatients } from '../../shared/doctor-status.ts';
import type { Doctor, Entry } from '../../shared/schemas.ts';
import type { DeskDialogState } from './desk-dialog-state.ts';
import { DoctorDialog } from './DoctorDialog.tsx';
import type { DoctorActions } from './doctors.ts';
import { EditVisitDialog } from './EditVisitDialog.tsx';
import type { EntryActions } from './entries.ts';
import { RemoveDialog } from './RemoveDialog.tsx';

interface Props {
  dialog: DeskDialogState | null;
  entries: readonly Entry[];
  doctors: readonly Doctor[];
  doctorNames: ReadonlyMap<string, string>;
  day: string;
  timeZone: string;
  now: number;
  actions: EntryActions;
  doctorActions: DoctorActions;
  onClose: () => void;
}

export function DeskDialogs({ dialog, entries, doctors, doctorNames, day, timeZone, now, actions, doctorActions, onClose }: Props) {
  if (!dialog) return null;
  const available = doctors.filter((d) => seesPatients(d, day));
  if (dialog.kind === 'doctor') {
    const doctor = doctors.find((d) => d.id === dialog.doctorId);
    if (!doctor) return null;
    return (
      <DoctorDialog
        doctor={doctor}
        others={available.filter((d) => d.id !== doctor.id)}
        day={day}
        timeZone={timeZone}
        now={now}
        doctorActions={doctorActions}
        entryActions={actions}
        onClose={onClose}
      />
    );
  }
  const entry = entries.find((e) => e.id === dialog.entryId);
  if (!entry) return null;
  return dialog.kind === 'edit' ? (
    <EditVisitDialog entry={entry} doctors={available} doctorNames={doctorNames} actions={actions} onClose={onClose} />
  ) : (
    <RemoveDialog entry={entry} actions={actions} onClose={onClose} />
  );
}
