// Corrects a visit: name, phone, doctor ("send to Dr X") and priority, in one
// write. A waiting patient sent to another doctor keeps their arrival place
// there (shared/corrections.ts), so the dialog needs no "where in the queue".
import { useState } from 'preact/hooks';
import { Correction } from '../../shared/corrections.ts';
import type { Doctor, Entry } from '../../shared/schemas.ts';
import { DeskDialog } from './DeskDialog.tsx';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';
import { useI18n } from './i18n/index.ts';
import { type FieldError, validatePatient } from './patient-fields.ts';
import { NameAndPhone, PatientError } from './PatientFields.tsx';

interface Props {
  entry: Entry;
  /** Doctors who see patients today; the visit's own doctor is offered too, whatever their state. */
  doctors: readonly Doctor[];
  doctorNames: ReadonlyMap<string, string>;
  actions: EntryActions;
  onClose: () => void;
}

export function EditVisitDialog({ entry, doctors, doctorNames, actions, onClose }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState(entry.name);
  const [phone, setPhone] = useState(entry.phone ?? '');
  const [doctorId, setDoctorId] = useState(entry.doctorId ?? '');
  const [urgent, setUrgent] = useState(entry.priority === 'urgent');
  const [error, setError] = useState<FieldError>(null);
  const own = entry.doctorId !== null && !doctors.some((d) => d.id === entry.doctorId) ? entry.doctorId : null;

  const save = () => {
    const invalid = validatePatient(name, phone);
    setError(invalid);
    if (invalid) return;
    const c = Correction.parse({ name, phone, doctorId: doctorId || null, priority: urgent ? 'urgent' : 'normal' });
    onClose();
    void actions.correct(entry.id, c).catch(reportWriteError);
  };

  return (
    <DeskDialog title={t.editTitle(entry.ticket)} testId="edit-dialog" submitLabel={t.save} onSubmit={save} onClose={onClose}>
      <NameAndPhone form="edit" name={name} phone={phone} error={error} onName={setName} onPhone={setPhone} />
      <label class="field">
        <span>{t.doctor}</span>
        <select data-testid="edit-doctor" value={doctorId} onChange={(e) => setDoctorId(e.currentTarget.value)}>
          <option value="">{t.anyDoctor}</option>
          {own !== null && (
            <option value={own}>
              {doctorNames.get(own) ?? own} ({t.doctorUnavailable})
            </option>
          )}
          {doctors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" data-testid="edit-urgent" checked={urgent} onChange={(e) => setUrgent(e.currentTarget.checked)} />
        <span>{t.urgent}</span>
      </label>
      <PatientError form="edit" error={error} />
    </DeskDialog>
  );
}
