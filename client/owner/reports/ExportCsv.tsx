// The CSV needs the bearer token, so a plain link cannot fetch it: the page
// fetches it, then hands the browser a local object URL to save.
import { useState } from 'preact/hooks';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import type { Range } from './range.ts';

/** The browser has started the download by then; the object URL can go. */
const REVOKE_AFTER_MS = 10_000;

interface Props {
  api: OwnerApi;
  clinicId: string;
  range: Range;
}

export function ExportCsv({ api, clinicId, range }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const download = async () => {
    setBusy(true);
    setFailed(false);
    const q = new URLSearchParams({ from: range.from, to: range.to });
    const r = await api.blob(`/api/owner/clinics/${encodeURIComponent(clinicId)}/reports.csv?${q}`);
    setBusy(false);
    if (!r.ok) {
      setFailed(true);
      return;
    }
    const url = URL.createObjectURL(r.data);
    const a = document.createElement('a');
    a.href = url;
    a.download = `doctorq-report-${range.from}-${range.to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  };
  return (
    <div class="export">
      <button type="button" class="btn" data-testid="export-csv" disabled={busy} onClick={() => void download()}>
        {busy ? t.exporting : t.exportCsv}
      </button>
      {failed && (
        <p class="error" role="alert">
          {t.errExport}
        </p>
      )}
    </div>
  );
}
