// Priority 5: what each page of the client build costs to download: the
// scripts and styles its HTML references (entry and modulepreloads), gzip -9.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleRow {
  page: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'assets') out.push(...(await htmlFiles(p)));
    else if (e.isFile() && e.name.endsWith('.html')) out.push(p);
  }
  return out;
}

/** null when there is no build (dist/ comes from `npm run build`). */
export async function measureBundles(root: string): Promise<BundleRow[] | null> {
  const dist = join(root, 'dist');
  if (!existsSync(dist)) return null;
  const rows: BundleRow[] = [];
  for (const html of (await htmlFiles(dist)).sort()) {
    const text = await readFile(html, 'utf8');
    const refs = new Set([...text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!));
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const ref of refs) {
      const file = ref.startsWith('/') ? join(dist, ref) : join(html, '..', ref);
      if (!existsSync(file)) continue;
      const buf = await readFile(file);
      rawBytes += buf.length;
      gzipBytes += gzipSync(buf, { level: 9 }).length;
    }
    rows.push({ page: relative(dist, html), files: refs.size, rawBytes, gzipBytes });
  }
  return rows;
}
