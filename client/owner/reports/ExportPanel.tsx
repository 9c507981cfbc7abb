// The visits of the report's period (CSV or JSON, names and phones only when
// the owner ticks them: the server writes that choice to the audit log) and
// the whole clinic (JSON Lines, to move to another DoctorQ). Streamed: the
// progress bar follows the rows as they arrive.
import { useState } from 'preact/hooks';
import { clinicExportPath, visitsExportPath } from '../../../shared/paths.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import type { Range } from './range.ts';
import { saveFile } from './save-file.ts';

type Kind = 'csv' | 'json' | 'clinic';

interface Props {
  api: OwnerApi;
  clinicId: string;
  range: Range;
}

export function ExportPanel({ api, clinicId, range }: Props) {
  const { t, num } = useI18n();
  const [names, setNames] = useState(false);
  const [busy, setBusy] = useState<Kind | null>(null);
  const [progress, setProgress] = useState<{ lines: number; total: number | null }>({ lines: 0, total: null });
  const [failed, setFailed] = useState(false);

  const download = async (kind: Kind) => {
    setBusy(kind);
    setFailed(false);
    setProgress({ lines: 0, total: null });
    const q = new URLSearchParams({ from: range.from, to: range.to, names: names ? '1' : '0' });
    const path = kind === 'clinic' ? clinicExportPath(clinicId) : `${visitsExportPath(clinicId, kind)}?${q}`;
    const r = await api.download(path, (lines, total) => setProgress({ lines, total }));
    setBusy(null);
    if (!r.ok) {
      setFailed(true);
      return;
    }
    saveFile(r.data, kind === 'clinic' ? `doctorq-clinic-${clinicId}.jsonl` : `doctorq-visits-${range.from}-${range.to}.${kind}`);
  };

  const button = (kind: Kind, label: string) => (
    <button
      type="button"
      class="btn"
      data-testid={kind === 'clinic' ? 'export-clinic' : `export-visits-${kind}`}
      disabled={busy !== null}
      onClick={() => void download(kind)}
    >
      {busy === kind ? t.exporting : label}
    </button>
  );
  // The header row, the array's brackets: a line or two more than the rows announced.
  const shown = progress.total === null ? progress.lines : Math.min(progress.lines, progress.total);

  return (
    <section class="card export-panel" aria-labelledby="export-title" data-testid="export-panel">
      <h2 id="export-title">{t.exportTitle}</h2>
      <p class="muted">{t.exportVisitsIntro}</p>
      <label class="check">
        <input
          type="checkbox"
          data-testid="export-names"
          checked={names}
          aria-describedby="export-names-warning"
          onChange={(e) => setNames(e.currentTarget.checked)}
        />
        {t.exportNames}
      </label>
      <p id="export-names-warning" class={names ? 'banner warn' : 'muted'}>
        {t.exportNamesWarning}
      </p>
      <div class="export-actions">
        {button('csv', t.exportVisitsCsv)}
        {button('json', t.exportVisitsJson)}
      </div>
      <p class="muted">{t.exportClinicIntro}</p>
      <div class="export-actions">{button('clinic', t.exportClinic)}</div>
      {busy !== null && (
        <div role="status" data-testid="export-progress">
          <progress max={progress.total ?? undefined} value={progress.total === null ? undefined : shown} />{' '}
          {progress.total === null ? t.exportRows(num(shown)) : t.exportRowsOf(num(shown), num(progress.total))}
        </div>
      )}
      {failed && (
        <p class="error" role="alert" data-testid="export-failed">
          {t.errExport}
        </p>
      )}
    </section>
  );
}
