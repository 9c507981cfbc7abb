// A doctor's free slots, day by day: one button a slot (aria-pressed on the chosen one).
import { useMemo } from 'preact/hooks';
import type { FreeSlot, SlotsInfo } from './api.ts';
import { useI18n } from './messages.ts';
import { slotFormats } from './when.ts';

interface Props {
  info: SlotsInfo;
  doctorId: string;
  onDoctor: (id: string) => void;
  chosen: FreeSlot | null;
  onChoose: (slot: FreeSlot) => void;
}

export function SlotPicker({ info, doctorId, onDoctor, chosen, onChoose }: Props) {
  const { t, locale } = useI18n();
  const f = useMemo(() => slotFormats(locale, info.clinic.timeZone), [locale, info.clinic.timeZone]);
  const doctor = info.doctors.find((d) => d.id === doctorId) ?? info.doctors[0];
  const byDay = useMemo(() => {
    const days = new Map<string, FreeSlot[]>();
    for (const s of doctor?.slots ?? []) {
      const key = f.day(s.start);
      days.set(key, [...(days.get(key) ?? []), s]);
    }
    return [...days];
  }, [doctor, f]);
  return (
    <>
      {info.doctors.length > 1 && (
        <label class="field">
          <span>{t.doctor}</span>
          <select data-testid="book-doctor" value={doctor?.id ?? ''} onChange={(e) => onDoctor(e.currentTarget.value)}>
            {info.doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.room ? t.doctorInRoom(d.name, d.room) : d.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset class="slots" data-testid="book-slots">
        <legend>{t.slots}</legend>
        {byDay.length === 0 && <p class="muted">{t.noSlots}</p>}
        {byDay.map(([day, slots]) => (
          <div key={day} class="slot-day">
            <h2>{day}</h2>
            <div class="slot-times">
              {slots.map((s) => (
                <button
                  key={s.start}
                  type="button"
                  class="btn slot"
                  data-testid="book-slot"
                  data-start={s.start}
                  aria-pressed={chosen?.start === s.start}
                  onClick={() => onChoose(s)}
                >
                  {f.time(s.start)}
                </button>
              ))}
            </div>
          </div>
        ))}
      </fieldset>
      {chosen && (
        <p class="chosen" role="status" data-testid="book-chosen">
          {t.chosen(f.full(chosen.start))}
        </p>
      )}
    </>
  );
}
