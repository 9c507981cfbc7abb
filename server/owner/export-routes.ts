// The owner's exports: a period's visits (CSV or JSON) and the whole clinic
// (JSON Lines, docs/export-format.md). Leaving with one's data works in a
// suspended clinic too (read access). Each export is written to the audit log
// before its first byte, names asked for or not; then it is streamed page by
// page (server/docs/exports.ts), so memory stays flat whatever the period, with
// the number of rows to come in `x-doctorq-rows` for the page's progress.
import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { CollectionName } from '../../shared/schemas.ts';
import { neutralised } from '../../shared/spreadsheet.ts';
import {
  NAME_COLUMNS,
  VISIT_COLUMNS,
  VisitExportQuery,
  visitCells,
  visitRow,
  zonedClock,
  type ExportedEntry,
} from '../../shared/visit-export.ts';
import { ROWS_HEADER } from '../../shared/paths.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type AuditLine, type DocLine, type ExportHeader } from '../../shared/clinic-export.ts';
import type { Database } from '../db/database.ts';
import { withClinic } from '../db/tenant.ts';
import { keysetPages } from '../db/keyset.ts';
import { countDocs, countVisits, docsAfter, visitsAfter, type VisitKey } from '../docs/exports.ts';
import { listDocs } from '../docs/reads.ts';
import { staffOf } from '../auth/middleware.ts';
import { perHour } from '../http/rate-limit.ts';
import { parseQuery } from '../http/errors.ts';
import { streamed } from '../http/streamed.ts';
import { audit, auditAfter, countAudit } from './audit.ts';
import { ownedClinic } from './owned.ts';

/** Rows read and written at a time: the export's memory, whatever its length. */
export const EXPORT_PAGE_ROWS = 1000;
/** Per person: a few exports an hour is a lot; a loop of them is a scrape. */
export const EXPORTS_PER_HOUR = 60;

/** Excel reads UTF-8 (Arabic names) only after a byte-order mark. */
const BOM = '\uFEFF';
const CSV = { record_delimiter: '\r\n', cast: { string: neutralised } } as const;

export interface ExportDeps {
  db: Database;
  rateLimitNamespace: string;
}

// The type after the attachment: Express types an attachment by its file's extension, and knows no .jsonl
// (JSON Lines has no registered type: x-ndjson is the common one, and no reader takes it for one JSON value).
const startDownload = (res: Response, type: string, file: string, rows: number) =>
  res
    .attachment(file)
    .type(type)
    .set({ [ROWS_HEADER]: String(rows), 'cache-control': 'no-store' });

export function exportRoutes(d: ExportDeps): Router {
  const r = Router();
  const owned = ownedClinic(d.db);
  const limit = perHour(
    d.db,
    `${d.rateLimitNamespace}:exports`,
    EXPORTS_PER_HOUR,
    'too many exports, try again later',
    (req: Request) => staffOf(req).sub,
  );

  const visits = (format: 'csv' | 'json') => async (req: Request, res: Response) => {
    const { clinicId, timeZone, actor } = await owned(req);
    const q = parseQuery(VisitExportQuery, req.query);
    const { total, doctors } = await withClinic(d.db, clinicId, async (tx) => {
      await audit(tx, clinicId, actor, 'export.visits', null, { from: q.from, to: q.to, names: q.names, format });
      return {
        total: await countVisits(tx, clinicId, q.from, q.to),
        doctors: await listDocs<{ id: string; name: string }>(tx, clinicId, 'doctors', { withDeleted: true }),
      };
    });
    const names = new Map(doctors.map((doc) => [doc.id, doc.name]));
    const pages = keysetPages(
      (after: VisitKey | null, n) => withClinic(d.db, clinicId, (tx) => visitsAfter(tx, clinicId, { ...q, withNames: q.names }, after, n)),
      (v) => ({ day: v.day, id: v.id }),
      EXPORT_PAGE_ROWS,
    );
    const clock = zonedClock(timeZone);
    const rowsOf = (page: { data: unknown }[]) => page.map((v) => visitRow(v.data as ExportedEntry, names, clock, q.names));
    startDownload(
      res,
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      `doctorq-visits-${q.from}-${q.to}.${format}`,
      total,
    );
    await streamed(req, res, format === 'csv' ? csv() : json());

    async function* csv() {
      yield BOM + stringify([[...VISIT_COLUMNS, ...(q.names ? NAME_COLUMNS : [])]], CSV);
      for await (const page of pages)
        yield stringify(
          rowsOf(page).map((row) => visitCells(row, q.names)),
          CSV,
        );
    }
    // An array with one visit a line: a JSON reader takes it whole, the page counts its lines.
    async function* json() {
      let first = true;
      yield '[';
      for await (const page of pages) {
        const text = rowsOf(page)
          .map((row) => `\n${JSON.stringify(row)}`)
          .join(',');
        yield first ? text : `,${text}`;
        first = false;
      }
      yield '\n]\n';
    }
  };
  r.get('/clinics/:clinicId/visits.csv', limit, visits('csv'));
  r.get('/clinics/:clinicId/visits.json', limit, visits('json'));

  r.get('/clinics/:clinicId/export.jsonl', limit, async (req, res) => {
    const { clinicId, actor } = await owned(req);
    const header = await withClinic(d.db, clinicId, async (tx): Promise<ExportHeader> => {
      await audit(tx, clinicId, actor, 'export.clinic', null, { format: 'jsonl' });
      const [c] = await tx.query<{ name: string; time_zone: string; local_past_days: number; created_at: Date | string }>(
        'SELECT name, time_zone, local_past_days, created_at FROM clinics WHERE id = $1',
        [clinicId],
      );
      return {
        type: 'header',
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: new Date().toISOString(),
        clinic: {
          id: clinicId,
          name: c!.name,
          timeZone: c!.time_zone,
          localPastDays: c!.local_past_days,
          createdAt: new Date(c!.created_at).toISOString(),
        },
        counts: { docs: Object.fromEntries(await countDocs(tx, clinicId)), audit: await countAudit(tx, clinicId) },
      };
    });
    const total = 2 + header.counts.audit + Object.values(header.counts.docs).reduce((a, b) => a + b, 0);
    startDownload(res, 'application/x-ndjson', `doctorq-clinic-${clinicId}.jsonl`, total);
    await streamed(req, res, lines());

    async function* lines() {
      let written = 1;
      const out = (rows: object[]) => {
        written += rows.length;
        return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
      };
      yield `${JSON.stringify(header)}\n`;
      // Every collection the schema knows, so a new one is exported (and imported) with no change here.
      for (const collection of CollectionName.options) {
        const pages = keysetPages(
          (after: string | null, n) => withClinic(d.db, clinicId, (tx) => docsAfter(tx, clinicId, collection, after, n)),
          (doc) => doc.id,
          EXPORT_PAGE_ROWS,
        );
        for await (const page of pages) yield out(page.map((doc): DocLine => ({ type: 'doc', collection, data: doc.data })));
      }
      const audits = keysetPages(
        (after: number | null, n) => withClinic(d.db, clinicId, (tx) => auditAfter(tx, clinicId, after, n)),
        (a) => a.id,
        EXPORT_PAGE_ROWS,
      );
      for await (const page of audits) yield out(page.map((a): AuditLine => ({ type: 'audit', ...a, at: new Date(a.at).toISOString() })));
      yield `${JSON.stringify({ type: 'end', lines: written })}\n`;
    }
  });

  return r;
}
