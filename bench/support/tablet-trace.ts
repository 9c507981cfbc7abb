// Where a tap's time goes, read from a Chromium performance trace: the CPU
// profile's samples on the page's main thread inside each `performance.measure`
// window the bench recorded (click → the frame after the change), each sample
// attributed to the layer that ran it. JS frames are mapped through the build's
// source maps (`vite build --sourcemap`) to the package or folder they came
// from; without maps all JS counts as one layer. Idle main-thread time is the
// tap waiting on something off the thread (IndexedDB runs in the browser process).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

export const TRACE_CATEGORIES = ['devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'];

/** Milliseconds per tap, averaged over the traced taps, by layer. */
export interface TapBreakdown {
  label: string;
  taps: number;
  wallMs: number;
  layers: Record<string, number>;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  id2?: { local?: string };
  args?: { data?: ProfileChunkData & { startTime?: number } };
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileChunkData {
  cpuProfile?: { nodes?: { id: number; callFrame: CallFrame; parent?: number }[]; samples?: number[] };
  timeDeltas?: number[];
}

/** Which layer a source file belongs to; null for files that only glue the layers together. */
function layerOfSource(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
  if (pkg === 'rxdb') return 'RxDB';
  if (pkg === 'dexie') return 'Dexie (IndexedDB calls)';
  if (pkg === 'rxjs') return 'RxJS';
  if (pkg === 'preact') return 'Preact render/diff';
  if (pkg) return `other package (${pkg})`;
  if (source.includes('shared/')) return 'shared queue logic';
  if (source.includes('client/')) return 'app components and state';
  return 'other JS';
}

const PROGRAM = '(program)';
const NATIVE: Record<string, string> = {
  '(idle)': 'idle: waiting off the main thread (IndexedDB)',
  '(garbage collector)': 'garbage collection',
  [PROGRAM]: 'other browser work on the main thread',
};

/** Blink's rendering steps, timed by their own trace events; the profiler shows them as (program). */
const RENDERING: Record<string, string> = {
  UpdateLayoutTree: 'style and layout',
  Layout: 'style and layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
};

class SourceLayers {
  private readonly maps = new Map<string, TraceMap | null>();
  constructor(private readonly distDir: string) {}

  private mapFor(url: string): TraceMap | null {
    let m = this.maps.get(url);
    if (m === undefined) {
      const file = join(this.distDir, new URL(url).pathname);
      m = existsSync(`${file}.map`) ? new TraceMap(readFileSync(`${file}.map`, 'utf8')) : null;
      this.maps.set(url, m);
    }
    return m;
  }

  /** The layer of one JS frame, or null when the frame is a built-in (attributed to its caller). */
  layer(frame: CallFrame): string | null {
    if (!frame.url) return NATIVE[frame.functionName] ?? null;
    if (!frame.url.startsWith('http')) return 'other JS';
    const map = this.mapFor(frame.url);
    if (!map) return 'JS (no source map: build with --sourcemap)';
    const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    return pos.source ? layerOfSource(pos.source) : 'other JS';
  }
}

/** Sums, per layer, the sample time of the page's main thread inside the measures named `label`. */
export function tapBreakdown(trace: Buffer, labels: readonly string[], distDir: string): TapBreakdown[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const begins = new Map<string, TraceEvent>();
  const windows: { label: string; start: number; end: number; pid: number; tid: number }[] = [];
  for (const e of events) {
    if (e.cat !== 'blink.user_timing' || !labels.includes(e.name)) continue;
    const key = `${e.name}/${e.id ?? e.id2?.local}`;
    if (e.ph === 'b') begins.set(key, e);
    else if (e.ph === 'e' && begins.has(key)) {
      const b = begins.get(key)!;
      windows.push({ label: e.name, start: b.ts, end: e.ts, pid: b.pid, tid: b.tid });
    }
  }
  if (windows.length === 0) return [];
  const { pid, tid } = windows[0]!;

  // Samples of the main thread's profile: (time, leaf node), nodes by id.
  const nodes = new Map<number, { callFrame: CallFrame; parent?: number }>();
  const samples: { t: number; node: number }[] = [];
  const profiles = new Map<string, number>();
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue;
    if (e.name === 'Profile' && e.id) profiles.set(e.id, e.args?.data?.startTime ?? e.ts);
  }
  const clock = new Map(profiles);
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.id || !clock.has(e.id)) continue;
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const ids = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    let t = clock.get(e.id)!;
    ids.forEach((id, i) => {
      t += deltas[i] ?? 0;
      samples.push({ t, node: id });
    });
    clock.set(e.id, t);
  }
  samples.sort((a, b) => a.t - b.t);

  const layers = new SourceLayers(distDir);
  const layerOfNode = new Map<number, string>();
  const attribute = (id: number): string => {
    const known = layerOfNode.get(id);
    if (known) return known;
    let layer: string | null = null;
    for (let n: number | undefined = id; n !== undefined && layer === null; n = nodes.get(n)?.parent) {
      const node = nodes.get(n);
      if (node) layer = layers.layer(node.callFrame);
    }
    const out = layer ?? 'other JS';
    layerOfNode.set(id, out);
    return out;
  };

  return labels.map((label) => {
    const mine = windows.filter((w) => w.label === label);
    const sums: Record<string, number> = {};
    let wall = 0;
    for (const w of mine) {
      wall += w.end - w.start;
      // Each sample stands for the time until the next one, clipped to the window.
      for (let i = 0; i < samples.length; i++) {
        const s = samples[i]!;
        const until = Math.min(samples[i + 1]?.t ?? w.end, w.end);
        const from = Math.max(s.t, w.start);
        if (until <= from) continue;
        const layer = attribute(s.node);
        sums[layer] = (sums[layer] ?? 0) + (until - from);
      }
    }
    // Rendering steps run inside (program) samples: moved from it to their own rows.
    for (const w of mine) {
      for (const e of events) {
        const step = RENDERING[e.name];
        if (!step || e.ph !== 'X' || e.pid !== pid || e.tid !== tid || e.dur === undefined) continue;
        const us = Math.min(e.ts + e.dur, w.end) - Math.max(e.ts, w.start);
        if (us <= 0) continue;
        sums[step] = (sums[step] ?? 0) + us;
        sums[NATIVE[PROGRAM]!] = (sums[NATIVE[PROGRAM]!] ?? 0) - us;
      }
    }
    const n = mine.length || 1;
    const perTap = Object.fromEntries(Object.entries(sums).map(([k, us]) => [k, Math.max(0, us) / 1000 / n]));
    return { label, taps: mine.length, wallMs: wall / 1000 / n, layers: perTap };
  });
}
