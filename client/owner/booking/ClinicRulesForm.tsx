// The clinic's booking rules: online booking, how far ahead, the arrival
// window around a slot and what a later patient becomes (shared/arrival.ts).
import { useState } from 'preact/hooks';
import { ClinicBooking, Settings } from '../../../shared/schemas.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { BOOKING_WORDS } from '../i18n/booking.ts';
import { errorText } from '../ui/errors.ts';
import { NumberField } from '../../ui/NumberField.tsx';

interface Props {
  api: OwnerApi;
  base: string;
  settings: Settings;
  onSaved: () => void;
}

type Numbers = 'daysAhead' | 'earlyMinutes' | 'lateMinutes';
/** Numbers stay text while typed, so a cleared field is not silently 0. */
type Draft = Omit<ClinicBooking, Numbers> & Record<Numbers, string>;
type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; code: string };

const toDraft = (b: ClinicBooking): Draft => ({
  ...b,
  daysAhead: String(b.daysAhead),
  earlyMinutes: String(b.earlyMinutes),
  lateMinutes: String(b.lateMinutes),
});
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

export function ClinicRulesForm({ api, base, settings, onSaved }: Props) {
  const { t, lang } = useI18n();
  const w = BOOKING_WORDS[lang];
  const [draft, setDraft] = useState(() => toDraft(settings.booking));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setStatus({ kind: 'idle' });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const booking = ClinicBooking.safeParse({
      ...draft,
      daysAhead: num(draft.daysAhead),
      earlyMinutes: num(draft.earlyMinutes),
      lateMinutes: num(draft.lateMinutes),
    });
    if (!booking.success) {
      setStatus({ kind: 'error', code: 'invalid_body' });
      return;
    }
    setStatus({ kind: 'saving' });
    const r = await api.send('PATCH', `${base}/settings`, { booking: booking.data }, Settings);
    setStatus(r.ok ? { kind: 'saved' } : { kind: 'error', code: r.code });
    if (r.ok || r.code === 'conflict') onSaved();
  };

  return (
    <form class="settings" onSubmit={submit} data-testid="booking-rules-form">
      <div class="form-grid">
        <label class="check">
          <input
            type="checkbox"
            data-testid="booking-online"
            checked={draft.online}
            aria-describedby="booking-online-hint"
            onChange={(e) => set({ online: e.currentTarget.checked })}
          />
          {w.online}
          <small id="booking-online-hint" class="muted">
            {w.onlineHint}
          </small>
        </label>
        <NumberField
          label={w.daysAhead}
          testId="booking-days-ahead"
          min={1}
          max={90}
          value={draft.daysAhead}
          onInput={(v) => set({ daysAhead: v })}
        />
        <NumberField
          label={w.earlyMinutes}
          testId="booking-early"
          min={0}
          max={240}
          describedBy="booking-window-hint"
          value={draft.earlyMinutes}
          onInput={(v) => set({ earlyMinutes: v })}
        />
        <NumberField
          label={w.lateMinutes}
          testId="booking-late"
          min={0}
          max={240}
          describedBy="booking-window-hint"
          hint={w.windowHint}
          value={draft.lateMinutes}
          onInput={(v) => set({ lateMinutes: v })}
        />
        <label class="field">
          <span>{w.lateAs}</span>
          <select
            data-testid="booking-late-as"
            value={draft.lateAs}
            onChange={(e) => set({ lateAs: ClinicBooking.shape.lateAs.parse(e.currentTarget.value) })}
          >
            <option value="walk_in">{w.lateAsWalkIn}</option>
            <option value="slot">{w.lateAsSlot}</option>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-testid="booking-reminders"
            checked={draft.reminders}
            onChange={(e) => set({ reminders: e.currentTarget.checked })}
          />
          {w.reminders}
        </label>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn primary" data-testid="booking-rules-save" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? t.saving : t.save}
        </button>
        {status.kind === 'saved' && (
          <span class="ok-text" role="status" data-testid="booking-rules-saved">
            {t.saved}
          </span>
        )}
        {status.kind === 'error' && (
          <span class="error" role="alert" data-testid="booking-rules-error" data-error={status.code}>
            {errorText(t, status.code, t.errServer)}
          </span>
        )}
      </div>
    </form>
  );
}
