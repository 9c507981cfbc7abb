// Issue 19: exports stream, so the serving process's memory stays flat
// whatever the period. One clinic with a year of visits (the reports bench's
// seed); the week and the whole year exported over HTTP from the server
// process, read as fast as this process can, while that process's memory is
// sampled: the peak growth of the year's export should be the week's, not
// 52 times it. The whole clinic (JSON Lines) too.
import { randomUUID } from 'node:crypto';
import type { Database } from '../server/db/database.ts';
import { TokenKeys } from '../server/auth/tokens.ts';
import { clinicExportPath, ROWS_HEADER, visitsExportPath } from '../shared/paths.ts';
import { addDays } from '../shared/day.ts';
import { clinicDay } from '../shared/tickets.ts';
import { createClinic } from './support/clinic.ts';
import type { Target } from './support/target.ts';
import { YEAR_SQL } from './reports.ts';

const TZ = 'Africa/Tunis';
/** Often enough to catch a page's peak; each sample is one IPC round trip to the server process. */
const SAMPLE_EVERY_MS = 20;
/**
 * Every so many samples, one after a full collection: the peak above counts
 * garbage V8 has not collected yet (it grows its heap with the allocation
 * rate); this one counts what the export really holds.
 */
const LIVE_EVERY = 10;

export interface ExportCell {
  export: string;
  rows: number;
  bytes: number;
  ms: number;
  rowsPerSecond: number;
  /** Above the server's memory after a full collection just before the export. */
  peakRssGrowthMiB: number;
  peakHeapGrowthMiB: number;
  /** The largest heap still in use after a full collection during the export. */
  peakLiveHeapGrowthMiB: number;
}
export interface ExportsResult {
  days: number;
  perDay: number;
  cells: ExportCell[];
}

const MiB = 2 ** 20;

async function measure(target: Target, label: string, path: string, token: string): Promise<ExportCell> {
  const base = await target.stats({ gc: true });
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let peakLive = base.heapUsed;
  let sampling = true;
  const sampler = (async () => {
    for (let i = 1; sampling; i++) {
      const live = i % LIVE_EVERY === 0;
      const s = await target.stats({ gc: live });
      peakRss = Math.max(peakRss, s.rss);
      peakHeap = Math.max(peakHeap, s.heapUsed);
      if (live) peakLive = Math.max(peakLive, s.heapUsed);
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
    }
  })();
  const t0 = performance.now();
  const res = await fetch(target.url + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) throw new Error(`${label}: ${res.status}`);
  const rows = Number(res.headers.get(ROWS_HEADER));
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Uint8Array).byteLength;
  const elapsed = performance.now() - t0;
  sampling = false;
  await sampler;
  return {
    export: label,
    rows,
    bytes,
    ms: Math.round(elapsed),
    rowsPerSecond: Math.round(rows / (elapsed / 1000)),
    peakRssGrowthMiB: Math.round(((peakRss - base.rss) / MiB) * 10) / 10,
    peakHeapGrowthMiB: Math.round(((peakHeap - base.heapUsed) / MiB) * 10) / 10,
    peakLiveHeapGrowthMiB: Math.round(((peakLive - base.heapUsed) / MiB) * 10) / 10,
  };
}

export async function runExports(
  db: Database,
  target: Target,
  jwtSecret: string,
  opts: { days: number; perDay: number },
  log: (line: string) => void,
): Promise<ExportsResult> {
  const today = clinicDay(Date.now(), TZ);
  const clinic = await createClinic(db);
  await db.query(YEAR_SQL, [clinic.id, today, opts.days, opts.perDay]);
  await db.exec('ANALYZE docs');
  const [owner] = await db.query<{ user_id: string }>(`SELECT user_id FROM memberships WHERE clinic_id = $1 AND role = 'owner'`, [
    clinic.id,
  ]);
  const keys = await TokenKeys.load(db, jwtSecret, 3600);
  const token = (await keys.sign({ sub: owner!.user_id, cid: clinic.id, role: 'owner', sid: randomUUID() })).token;
  const yesterday = addDays(today, -1);
  const period = (days: number) => `from=${addDays(today, -days)}&to=${yesterday}&names=1`;
  const cells: ExportCell[] = [];
  for (const [label, path] of [
    ['visits.csv, a week', `${visitsExportPath(clinic.id, 'csv')}?${period(7)}`],
    [`visits.csv, ${opts.days} days`, `${visitsExportPath(clinic.id, 'csv')}?${period(opts.days)}`],
    [`visits.json, ${opts.days} days`, `${visitsExportPath(clinic.id, 'json')}?${period(opts.days)}`],
    ['export.jsonl, the whole clinic', clinicExportPath(clinic.id)],
  ] as const) {
    cells.push(await measure(target, label, path, token));
    const c = cells.at(-1)!;
    log(
      `  ${label}: ${c.rows} rows in ${c.ms} ms, peak RSS +${c.peakRssGrowthMiB} MiB, heap +${c.peakHeapGrowthMiB} MiB, live +${c.peakLiveHeapGrowthMiB} MiB`,
    );
  }
  return { days: opts.days, perDay: opts.perDay, cells };
}
