import { useEffect, useState } from 'preact/hooks';
import { DisplayMode, LANGUAGES, Settings, TicketPaper, type Language } from '../../../shared/schemas.ts';
import { LANGUAGE_NAMES, useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';
import { OVERRIDE_WORDS } from '../i18n/hours-overrides.ts';
import { NumberField } from '../../ui/NumberField.tsx';

const EDITABLE = [
  'name',
  'languages',
  'ticketPrefix',
  'defaultConsultationMinutes',
  'selfCheckIn',
  'requireHere',
  'display',
  'retentionDays',
  'alwaysPrint',
  'ticketPaper',
  'closeAfterMinutes',
] as const;
const Editable = Settings.pick({
  name: true,
  languages: true,
  ticketPrefix: true,
  defaultConsultationMinutes: true,
  selfCheckIn: true,
  requireHere: true,
  display: true,
  retentionDays: true,
  alwaysPrint: true,
  ticketPaper: true,
  closeAfterMinutes: true,
});
export type EditableSettings = Pick<Settings, (typeof EDITABLE)[number]>;

/** Numbers stay text while typed, so a cleared field is not silently 0. */
type Draft = Omit<EditableSettings, 'defaultConsultationMinutes' | 'retentionDays' | 'closeAfterMinutes'> & {
  defaultConsultationMinutes: string;
  retentionDays: string;
  /** '' closes the day by hand only (null). */
  closeAfterMinutes: string;
};

const toDraft = (s: Settings): Draft => ({
  name: s.name,
  languages: s.languages,
  ticketPrefix: s.ticketPrefix,
  defaultConsultationMinutes: String(s.defaultConsultationMinutes),
  selfCheckIn: s.selfCheckIn,
  requireHere: s.requireHere,
  display: s.display,
  retentionDays: String(s.retentionDays),
  alwaysPrint: s.alwaysPrint,
  ticketPaper: s.ticketPaper,
  closeAfterMinutes: s.closeAfterMinutes === null ? '' : String(s.closeAfterMinutes),
});

interface Props {
  settings: Settings;
  /** Resolves to an error code, or null once saved. */
  onSave: (patch: Partial<EditableSettings>) => Promise<string | null>;
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; code: string };

export function SettingsForm({ settings, onSave }: Props) {
  const { t, lang } = useI18n();
  const o = OVERRIDE_WORDS[lang];
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // A new document from the server (after a save or a conflict): the form shows it.
  useEffect(() => setDraft(toDraft(settings)), [settings]);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = Editable.safeParse({
      ...draft,
      defaultConsultationMinutes: Number(draft.defaultConsultationMinutes),
      retentionDays: Number(draft.retentionDays),
      closeAfterMinutes: draft.closeAfterMinutes.trim() === '' ? null : Number(draft.closeAfterMinutes),
    });
    if (!parsed.success) {
      setStatus({ kind: 'error', code: 'invalid_body' });
      return;
    }
    const patch: Partial<EditableSettings> = {};
    for (const k of EDITABLE) {
      if (JSON.stringify(parsed.data[k]) !== JSON.stringify(settings[k])) Object.assign(patch, { [k]: parsed.data[k] });
    }
    setStatus({ kind: 'saving' });
    const code = await onSave(patch);
    setStatus(code ? { kind: 'error', code } : { kind: 'saved' });
  };
  // The order is the clinic's preference (the first is the screens' default): a language switched on goes last.
  const toggleLanguage = (l: Language, on: boolean) =>
    set({ languages: on ? [...draft.languages.filter((x) => x !== l), l] : draft.languages.filter((x) => x !== l) });

  return (
    <form class="settings" onSubmit={submit} data-testid="settings-form">
      <div class="form-grid">
        <label class="field">
          <span>{t.clinicName}</span>
          <input
            data-testid="settings-name"
            required
            maxLength={120}
            value={draft.name}
            onInput={(e) => set({ name: e.currentTarget.value })}
          />
        </label>
        <fieldset class="field">
          <legend>{t.languages}</legend>
          <div class="checks">
            {LANGUAGES.map((l) => (
              <label key={l} class="check" lang={l}>
                <input
                  type="checkbox"
                  data-testid={`settings-lang-${l}`}
                  checked={draft.languages.includes(l)}
                  onChange={(e) => toggleLanguage(l, e.currentTarget.checked)}
                />
                {LANGUAGE_NAMES[l]}
              </label>
            ))}
          </div>
        </fieldset>
        <label class="field">
          <span>{t.ticketPrefix}</span>
          <input
            data-testid="settings-prefix"
            dir="ltr"
            maxLength={4}
            pattern="[A-Z]*"
            aria-describedby="prefix-hint"
            value={draft.ticketPrefix}
            onInput={(e) => set({ ticketPrefix: e.currentTarget.value.toUpperCase() })}
          />
          <small id="prefix-hint" class="muted">
            {t.ticketPrefixHint}
          </small>
        </label>
        <NumberField
          label={t.defaultMinutes}
          testId="settings-minutes"
          min={1}
          max={240}
          value={draft.defaultConsultationMinutes}
          onInput={(v) => set({ defaultConsultationMinutes: v })}
        />
        <label class="field">
          <span>{t.display}</span>
          <select
            data-testid="settings-display"
            value={draft.display}
            onChange={(e) => set({ display: DisplayMode.parse(e.currentTarget.value) })}
          >
            {DisplayMode.options.map((m) => (
              <option key={m} value={m}>
                {t.displayModes[m]}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label={t.retentionDays}
          testId="settings-retention"
          min={1}
          max={3650}
          describedBy="retention-hint"
          hint={t.retentionHint}
          value={draft.retentionDays}
          onInput={(v) => set({ retentionDays: v })}
        />
        <NumberField
          label={o.closeAfter}
          testId="settings-close-after"
          min={0}
          max={720}
          placeholder={o.closeByHandOnly}
          describedBy="close-after-hint"
          hint={o.closeAfterHint}
          value={draft.closeAfterMinutes}
          onInput={(v) => set({ closeAfterMinutes: v })}
        />
        <label class="check">
          <input
            type="checkbox"
            data-testid="settings-self-checkin"
            checked={draft.selfCheckIn}
            onChange={(e) => set({ selfCheckIn: e.currentTarget.checked })}
          />
          {t.selfCheckIn}
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-testid="settings-require-here"
            checked={draft.requireHere}
            disabled={!draft.selfCheckIn}
            aria-describedby="require-here-hint"
            onChange={(e) => set({ requireHere: e.currentTarget.checked })}
          />
          {t.requireHere}
          <small id="require-here-hint" class="muted">
            {t.requireHereHint}
          </small>
        </label>
        <label class="field">
          <span>{t.ticketPaper}</span>
          <select
            data-testid="settings-ticket-paper"
            value={draft.ticketPaper}
            onChange={(e) => set({ ticketPaper: TicketPaper.parse(e.currentTarget.value) })}
          >
            {TicketPaper.options.map((p) => (
              <option key={p} value={p}>
                {t.ticketPapers[p]}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-testid="settings-always-print"
            checked={draft.alwaysPrint}
            onChange={(e) => set({ alwaysPrint: e.currentTarget.checked })}
          />
          {t.alwaysPrint}
        </label>
      </div>
      <div class="form-actions">
        <button
          type="submit"
          class="btn primary"
          data-testid="settings-save"
          disabled={status.kind === 'saving' || draft.languages.length === 0}
        >
          {status.kind === 'saving' ? t.saving : t.save}
        </button>
        {status.kind === 'saved' && (
          <span class="ok-text" role="status" data-testid="settings-saved">
            {t.saved}
          </span>
        )}
        {status.kind === 'error' && (
          <span class="error" role="alert" data-testid="settings-error" data-error={status.code}>
            {errorText(t, status.code, t.errServer)}
          </span>
        )}
      </div>
    </form>
  );
}
