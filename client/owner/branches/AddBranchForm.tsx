// A new branch on the same account: the clinic part of sign-up (name,
// languages, time zone). The owner is the signed-in person; the branch gets
// its own trial, devices, staff and settings, and opens on its setup checklist.
import { useState } from 'preact/hooks';
import { NewBranch, type NewBranchBody } from '../../../shared/branches.ts';
import { LANGUAGES, type Language } from '../../i18n/core.ts';
import { DEFAULT_TIME_ZONE, zoneLabel, zoneOptions } from '../../signup/timeZones.ts';
import type { OwnerApi } from '../api.ts';
import { LANGUAGE_NAMES, useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';

const EMPTY: NewBranchBody = { clinicName: '', languages: ['fr', 'ar'], timeZone: DEFAULT_TIME_ZONE };

interface Props {
  api: OwnerApi;
  onAdded: (clinicId: string) => void;
}

export function AddBranchForm({ api, onAdded }: Props) {
  const { t, locale } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zones = zoneOptions();
  const toggle = (l: Language, on: boolean) =>
    setForm((f) => ({ ...f, languages: on ? [...f.languages.filter((x) => x !== l), l] : f.languages.filter((x) => x !== l) }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api.send('POST', '/api/owner/clinics', { ...form, clinicName: form.clinicName.trim() }, NewBranch);
    setBusy(false);
    if (!r.ok) {
      setError(errorText(t, r, t.errServer));
      return;
    }
    setForm(EMPTY);
    onAdded(r.data.id);
  };

  return (
    <form class="card sub-form" onSubmit={submit} data-testid="branch-form" aria-labelledby="branch-form-title">
      <h2 id="branch-form-title">{t.branchAddTitle}</h2>
      <p class="muted">{t.branchAddIntro}</p>
      <div class="form-grid">
        <label class="field">
          <span>{t.branchName}</span>
          <input
            data-testid="branch-name"
            required
            minLength={2}
            maxLength={120}
            autoComplete="off"
            value={form.clinicName}
            onInput={(e) => setForm((f) => ({ ...f, clinicName: e.currentTarget.value }))}
          />
        </label>
        <label class="field">
          <span>{t.branchTimeZone}</span>
          <select
            data-testid="branch-tz"
            value={form.timeZone}
            onChange={(e) => setForm((f) => ({ ...f, timeZone: e.currentTarget.value }))}
          >
            {zones.map(({ zone }) => (
              <option key={zone} value={zone}>
                {zoneLabel(zone, locale)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset class="field">
        <legend>{t.branchLanguages}</legend>
        <div class="checks">
          {LANGUAGES.map((l) => (
            <label key={l} class="check" lang={l}>
              <input
                type="checkbox"
                data-testid={`branch-lang-${l}`}
                checked={form.languages.includes(l)}
                onChange={(e) => toggle(l, e.currentTarget.checked)}
              />
              {LANGUAGE_NAMES[l]}
            </label>
          ))}
        </div>
      </fieldset>
      {error && (
        <p class="error" role="alert" data-testid="branch-error">
          {error}
        </p>
      )}
      <button type="submit" class="btn primary" data-testid="branch-submit" disabled={busy || form.languages.length === 0}>
        {t.branchAdd}
      </button>
    </form>
  );
}
