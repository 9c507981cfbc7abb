// Where a server's CPU goes during a measurement window: a V8 .cpuprofile
// (written by the child's inspector, target-child.ts) summed by package or
// source file, both as self time and as time on the stack (a sample counts
// once for every package on its stack: "pino-http and what it calls").
// `BENCH_CPU_PROFILE=<dir> npm run bench -- --only=throughput` writes and
// summarises them; `node --import tsx bench/support/profile.ts <file>` reads one.
import { mkdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Target } from './target.ts';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  /** Share of the busy time (idle left out). */
  self: number;
  onStack: number;
}
export interface ProfileSummary {
  busyMs: number;
  byPackage: ProfileLine[];
  byFunction: ProfileLine[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The package (node_modules), Node module or project file a frame belongs to. */
export function groupOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return relative(ROOT, url.startsWith('file:') ? fileURLToPath(url) : url);
}

function top(self: Map<string, number>, stack: Map<string, number>, busy: number, n: number, by: 'self' | 'onStack'): ProfileLine[] {
  return [...stack.keys()]
    .map((name) => ({ name, self: (self.get(name) ?? 0) / busy, onStack: (stack.get(name) ?? 0) / busy }))
    .sort((a, b) => b[by] - a[by])
    .slice(0, n);
}

export function summarizeProfile(p: CpuProfile, n = 15): ProfileSummary {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const pkgSelf = new Map<string, number>();
  const pkgStack = new Map<string, number>();
  const fnSelf = new Map<string, number>();
  const fnStack = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let busy = 0;
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(idle)') return;
    busy += dt;
    const seenPkg = new Set<string>();
    const seenFn = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (f.functionName === '(root)') break;
      const pkg = groupOf(f.url, f.functionName);
      const fn = `${f.functionName || 'anonymous'} (${pkg}:${f.lineNumber + 1})`;
      if (cur === id) {
        add(pkgSelf, pkg, dt);
        add(fnSelf, fn, dt);
      }
      if (!seenPkg.has(pkg)) add(pkgStack, pkg, dt);
      if (!seenFn.has(fn)) add(fnStack, fn, dt);
      seenPkg.add(pkg);
      seenFn.add(fn);
    }
  });
  // Packages by time on the stack (what a package costs with what it calls); functions by their own time.
  return { busyMs: busy, byPackage: top(pkgSelf, pkgStack, busy, n, 'onStack'), byFunction: top(fnSelf, fnStack, busy, n, 'self') };
}

const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;

export function formatSummary(s: ProfileSummary, ops?: number): string {
  const head = `busy ${s.busyMs.toFixed(0)} ms${ops ? ` (${(s.busyMs / ops).toFixed(3)} ms per operation)` : ''}; self / on stack`;
  const lines = (xs: ProfileLine[]) => xs.map((x) => `  ${pct(x.self)} ${pct(x.onStack)}  ${x.name}`).join('\n');
  return `${head}\n by package or file:\n${lines(s.byPackage)}\n by function:\n${lines(s.byFunction)}`;
}

/** Runs `fn` under the server's CPU profiler when BENCH_CPU_PROFILE names a folder (figures taken so are slower). */
export async function profiled<T extends { ops: number }>(
  target: Target,
  label: string,
  log: (l: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return fn();
  await mkdir(dir, { recursive: true });
  const profiler = await target.startProfile();
  const out = await fn();
  const file = join(dir, `${label.replace(/[^A-Za-z0-9]+/g, '-')}.cpuprofile`);
  await profiler.stop(file);
  const summary = summarizeProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, 12);
  log(`  CPU profile of the server, ${label} (${file}), ${formatSummary(summary, out.ops)}`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile.ts <file.cpuprofile> [lines]');
  const p = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  console.log(formatSummary(summarizeProfile(p, Number(process.argv[3] ?? 25))));
}
