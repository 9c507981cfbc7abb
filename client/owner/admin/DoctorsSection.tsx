// Doctors and their rooms: edit in place (name, room, active) or add one.
// Each change is a replicated document write, so the tablets see it too.
import { useState } from 'preact/hooks';
import { Doctor } from '../../../shared/schemas.ts';
import type { OwnerApi } from '../api.ts';
import { newDoctorId, type DoctorRow } from '../doctors.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';
import { LoadState } from '../ui/LoadState.tsx';
import type { Loaded } from '../../ui/useLoad.ts';

interface Props {
  api: OwnerApi;
  base: string;
  doctors: Loaded<DoctorRow[]>;
}

type Save = (d: DoctorRow) => Promise<string | null>;

export function DoctorsSection(props: Props) {
  const { t } = useI18n();
  return (
    <section class="card admin-card" aria-labelledby="doctors-title">
      <h2 id="doctors-title">{t.doctorsTitle}</h2>
      <DoctorsEditor {...props} />
    </section>
  );
}

/** The table and the "add" form, without a heading: the setup checklist shows them under its own step. */
export function DoctorsEditor({ api, base, doctors }: Props) {
  const { t } = useI18n();
  /** Resolves to an error text, or null once saved and the list reloaded. */
  const save: Save = async (d) => {
    const r = await api.send(
      'PUT',
      `${base}/doctors/${encodeURIComponent(d.id)}`,
      { name: d.name.trim(), room: d.room.trim(), active: d.active },
      Doctor,
    );
    if (!r.ok) return errorText(t, r, t.errServer);
    doctors.reload();
    return null;
  };
  return (
    <>
      <LoadState load={doctors.load} onRetry={doctors.reload}>
        {(list) => (
          <div class="table-scroll">
            <table data-testid="doctors-table">
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.room}</th>
                  <th scope="col">{t.activeDoctor}</th>
                  <td />
                </tr>
              </thead>
              <tbody>
                {list.length === 0 && (
                  <tr>
                    <td colSpan={4} class="muted">
                      {t.noDoctors}
                    </td>
                  </tr>
                )}
                {list.map((d) => (
                  <DoctorEditRow key={`${d.id}:${d.name}:${d.room}:${d.active}`} doctor={d} onSave={save} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
      <AddDoctorForm onSave={save} />
    </>
  );
}

/** Keyed by the saved values: a reload after saving resets the row to what the server holds. */
function DoctorEditRow({ doctor, onSave }: { doctor: DoctorRow; onSave: Save }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(doctor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changed = draft.name !== doctor.name || draft.room !== doctor.room || draft.active !== doctor.active;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(await onSave(draft));
    setBusy(false);
  };
  const form = `doctor-${doctor.id}`;
  return (
    <tr data-testid="doctor-row" data-doctor-id={doctor.id} data-doctor-name={doctor.name} data-active={String(doctor.active)}>
      <td>
        <input
          form={form}
          aria-label={t.name}
          data-testid="doctor-name"
          required
          maxLength={80}
          value={draft.name}
          onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
        />
      </td>
      <td>
        <input
          form={form}
          aria-label={t.room}
          data-testid="doctor-room"
          class="short"
          maxLength={40}
          value={draft.room}
          onInput={(e) => setDraft({ ...draft, room: e.currentTarget.value })}
        />
      </td>
      <td>
        <input
          form={form}
          type="checkbox"
          aria-label={t.activeDoctor}
          data-testid="doctor-active"
          checked={draft.active}
          onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
        />
      </td>
      <td>
        <form id={form} onSubmit={submit}>
          <button type="submit" class="btn" data-testid="doctor-save" disabled={busy || !changed}>
            {t.save}
          </button>
          {error && (
            <span class="error" role="alert">
              {error}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}

function AddDoctorForm({ onSave }: { onSave: Save }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [room, setRoom] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const failed = await onSave({ id: newDoctorId(), name, room, active: true });
    setBusy(false);
    setError(failed);
    if (!failed) {
      setName('');
      setRoom('');
    }
  };
  return (
    <form class="sub-form" onSubmit={submit} data-testid="add-doctor-form">
      <h3>{t.addDoctorTitle}</h3>
      <div class="form-grid">
        <label class="field">
          <span>{t.name}</span>
          <input data-testid="add-doctor-name" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t.room}</span>
          <input data-testid="add-doctor-room" maxLength={40} value={room} onInput={(e) => setRoom(e.currentTarget.value)} />
        </label>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="btn primary" data-testid="add-doctor-submit" disabled={busy}>
        {t.addDoctor}
      </button>
    </form>
  );
}
