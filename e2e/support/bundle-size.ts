// What a page's first load costs in JavaScript: the entry script and every
// chunk it preloads, gzipped as the server would send them. The patient page
// is opened on cheap phones over patchy networks: its budget is 60 KB.
//   node --import tsx e2e/support/bundle-size.ts        (after npm run build)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLIENT_DIR } from './server.ts';

export const PATIENT_JS_BUDGET = 60 * 1024;

export interface PageWeight {
  page: string;
  files: { file: string; bytes: number; gzip: number }[];
  bytes: number;
  gzip: number;
}

export async function pageJsWeight(page: string, dist = CLIENT_DIR): Promise<PageWeight> {
  const html = await readFile(join(dist, page), 'utf8');
  const scripts = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!))];
  const files = await Promise.all(
    scripts.map(async (file) => {
      const body = await readFile(join(dist, file));
      return { file, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
    }),
  );
  return { page, files, bytes: files.reduce((a, f) => a + f.bytes, 0), gzip: files.reduce((a, f) => a + f.gzip, 0) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false;
  for (const page of ['patient.html', 'checkin.html', 'book.html', 'display.html', 'index.html']) {
    const w = await pageJsWeight(page).catch(() => null);
    if (!w) continue;
    const over = page === 'patient.html' && w.gzip > PATIENT_JS_BUDGET;
    failed ||= over;
    console.log(
      `${page.padEnd(14)} JS ${kb(w.bytes).padStart(9)}  gzip ${kb(w.gzip).padStart(8)}${page === 'patient.html' ? ` (budget ${kb(PATIENT_JS_BUDGET)}${over ? ': OVER' : ''})` : ''}`,
    );
  }
  process.exitCode = failed ? 1 : 0;
}
