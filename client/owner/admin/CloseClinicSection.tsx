// Closing the clinic (docs/security.md, "Closing a clinic and personal
// data"): what happens, a final export to take first, then the clinic's name
// typed to confirm. The server compares the name as shared/closing.ts does;
// the button waits for a name that would pass, so a slip is caught here, and
// the server still refuses a wrong one (confirm_mismatch).
import { useState } from 'preact/hooks';
import { ClosedClinic, confirmsClose } from '../../../shared/closing.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import type { OwnedClinic } from '../schemas.ts';
import { errorText } from '../ui/errors.ts';
import { saveFile } from '../reports/save-file.ts';

/** CloseClinicBody's limit. */
const MAX_NAME = 200;

interface Props {
  api: OwnerApi;
  clinic: OwnedClinic;
  base: string;
  /** Once closed: the page leaves the clinic (its sessions there are over). */
  onClosed: (clinicId: string) => void;
}

export function CloseClinicSection({ api, clinic, base, onClosed }: Props) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api.send('POST', `${base}/close`, { confirmName: typed }, ClosedClinic);
    setBusy(false);
    if (!r.ok) {
      setError(
        r.code === 'confirm_mismatch'
          ? t.errCloseMismatch
          : r.code === 'already_closed'
            ? t.errAlreadyClosed
            : errorText(t, r, t.errServer),
      );
      return;
    }
    onClosed(clinic.id);
  };

  return (
    <section class="card admin-card close-clinic" aria-labelledby="close-clinic-title" data-testid="close-clinic">
      <h2 id="close-clinic-title">{t.closeTitle}</h2>
      <p>{t.closeIntro}</p>
      <ul>
        {t.closePoints.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <FinalExport api={api} base={base} />
      <form class="sub-form" onSubmit={close} data-testid="close-form">
        <label class="field">
          <span>{t.closeConfirmLabel(clinic.name)}</span>
          <input
            data-testid="close-confirm-name"
            required
            maxLength={MAX_NAME}
            autoComplete="off"
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert" data-testid="close-error">
            {error}
          </p>
        )}
        <button type="submit" class="btn danger-text" data-testid="close-submit" disabled={busy}>
          {busy ? t.closing : t.closeSubmit}
        </button>
        {typed.trim() !== '' && !confirmsClose(typed, clinic.name) && (
          <small class="muted" data-testid="close-name-differs">
            {t.closeNameDiffers}
          </small>
        )}
      </form>
    </section>
  );
}

/** The whole clinic as JSON Lines, fetched with the bearer token and handed to the browser to save. */
function FinalExport({ api, base }: { api: OwnerApi; base: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const download = async () => {
    setBusy(true);
    setFailed(false);
    const r = await api.blob(`${base}/export.jsonl`);
    setBusy(false);
    if (!r.ok) {
      setFailed(true);
      return;
    }
    saveFile(r.data, 'doctorq-clinic-export.jsonl');
  };
  return (
    <div class="export">
      <p class="muted">{t.closeExportHint}</p>
      <button type="button" class="btn" data-testid="close-export" disabled={busy} onClick={() => void download()}>
        {busy ? t.exporting : t.closeExport}
      </button>
      {failed && (
        <p class="error" role="alert">
          {t.errExport}
        </p>
      )}
    </div>
  );
}
