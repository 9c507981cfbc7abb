// One doctor's bookable schedule: "takes appointments", the slot length, the
// breaks and the weekdays off. Saved through the owner's doctor route with
// the doctor's other fields as loaded, so nothing else of the doctor changes.
import { useState } from 'preact/hooks';
import { Doctor } from '../../../shared/schemas.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { BOOKING_WORDS } from '../i18n/booking.ts';
import { DAY_ORDER } from '../setup/hours.ts';
import { errorText } from '../ui/errors.ts';
import { type ScheduleDraft, fromScheduleDraft, toScheduleDraft } from './schedule-draft.ts';
import { NumberField } from '../../ui/NumberField.tsx';

interface Props {
  api: OwnerApi;
  base: string;
  doctor: Doctor;
  onSaved: () => void;
}

/** As many as the schedule's schema allows. */
const MAX_BREAKS = 4;
/** What "add a break" proposes: lunch. */
const PROPOSED_BREAK = { from: '12:00', to: '13:00' };

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'error'; code: string };

/** ISO weekday (1 Monday … 7 Sunday) of a schedule weekday (0 Sunday). */
const iso = (weekday: number) => (weekday === 0 ? 7 : weekday);

export function DoctorScheduleForm({ api, base, doctor, onSaved }: Props) {
  const { t, lang, weekday } = useI18n();
  const w = BOOKING_WORDS[lang];
  const [draft, setDraft] = useState<ScheduleDraft>(() => toScheduleDraft(doctor.booking));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const set = (patch: Partial<ScheduleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setStatus({ kind: 'idle' });
  };
  const setBreak = (i: number, patch: Partial<ScheduleDraft['breaks'][number]>) =>
    set({ breaks: draft.breaks.map((b, j) => (j === i ? { ...b, ...patch } : b)) });

  const submit = async (e: Event) => {
    e.preventDefault();
    const out = fromScheduleDraft(draft);
    if (!out) {
      setStatus({ kind: 'error', code: 'invalid_body' });
      return;
    }
    setStatus({ kind: 'saving' });
    const body = { name: doctor.name, room: doctor.room, active: doctor.active, booking: out.booking };
    const r = await api.send('PUT', `${base}/doctors/${encodeURIComponent(doctor.id)}`, body, Doctor);
    if (r.ok) onSaved();
    else setStatus({ kind: 'error', code: r.code });
  };

  const id = `schedule-${doctor.id}`;
  return (
    <form class="sub-form" onSubmit={submit} data-testid="doctor-schedule" data-doctor-id={doctor.id} aria-labelledby={`${id}-name`}>
      <h4 id={`${id}-name`}>{doctor.name}</h4>
      <label class="check">
        <input
          type="checkbox"
          data-testid="schedule-takes"
          checked={draft.takes}
          onChange={(e) => set({ takes: e.currentTarget.checked })}
        />
        {w.takesAppointments}
      </label>
      {draft.takes && (
        <div class="form-grid">
          <NumberField
            label={w.slotMinutes}
            testId="schedule-slot-minutes"
            min={5}
            max={120}
            value={draft.slotMinutes}
            onInput={(v) => set({ slotMinutes: v })}
          />
          <fieldset class="field">
            <legend>{w.breaks}</legend>
            {draft.breaks.map((b, i) => (
              <div key={i} class="break-row">
                <label>
                  <span>{w.breakFrom}</span>
                  <input
                    type="time"
                    data-testid="schedule-break-from"
                    value={b.from}
                    onInput={(e) => setBreak(i, { from: e.currentTarget.value })}
                  />
                </label>
                <label>
                  <span>{w.breakTo}</span>
                  <input
                    type="time"
                    data-testid="schedule-break-to"
                    value={b.to}
                    onInput={(e) => setBreak(i, { to: e.currentTarget.value })}
                  />
                </label>
                <button type="button" class="btn" onClick={() => set({ breaks: draft.breaks.filter((_, j) => j !== i) })}>
                  {w.removeBreak}
                </button>
              </div>
            ))}
            {draft.breaks.length < MAX_BREAKS && (
              <button
                type="button"
                class="btn"
                data-testid="schedule-add-break"
                onClick={() => set({ breaks: [...draft.breaks, { ...PROPOSED_BREAK }] })}
              >
                {w.addBreak}
              </button>
            )}
          </fieldset>
          <fieldset class="field">
            <legend>{w.daysOff}</legend>
            <div class="checks">
              {DAY_ORDER.map((d) => (
                <label key={d} class="check">
                  <input
                    type="checkbox"
                    data-testid={`schedule-day-off-${d}`}
                    checked={draft.daysOff.includes(d)}
                    onChange={(e) =>
                      set({ daysOff: e.currentTarget.checked ? [...draft.daysOff, d] : draft.daysOff.filter((x) => x !== d) })
                    }
                  />
                  {weekday(iso(d))}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      <div class="form-actions">
        <button type="submit" class="btn primary" data-testid="schedule-save" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? t.saving : t.save}
        </button>
        {status.kind === 'error' && (
          <span class="error" role="alert" data-testid="schedule-error" data-error={status.code}>
            {errorText(t, status.code, t.errServer)}
          </span>
        )}
      </div>
    </form>
  );
}
