// The report's figures as CSV (the visits themselves: ExportPanel.tsx).
import { useState } from 'preact/hooks';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import type { Range } from './range.ts';
import { saveFile } from './save-file.ts';

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
    saveFile(r.data, `doctorq-report-${range.from}-${range.to}.csv`);
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
