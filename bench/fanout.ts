// Priority 4: K open device streams on one instance (then on two sharing
// Postgres, where every commit reaches the other instance through NOTIFY),
// pushes at a steady rate, latency from push sent to event received on every
// stream of that clinic, server memory per open stream, errors.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../server/db/database.ts';
import { pushPath } from '../shared/protocol.ts';
import { sleep, withTimeout } from './support/bounded.ts';
import { createClinic, EntryFactory, tokenMinter, wire } from './support/clinic.ts';
import { keepAliveAgent, ok, requestJson } from './support/http.ts';
import { now, summarize, type Summary } from './support/stats.ts';
import type { Target } from './support/target.ts';
import type { ChildStats } from './support/target-child.ts';
import { cpuPerOp, cpuSnapshot } from './support/cpu.ts';
import type { Conn, WorkerReply, WorkerRequest } from './support/stream-worker.ts';

export interface FanoutConfig {
  streams: number;
  clinics: number;
  pushesPerSecond: number;
  seconds: number;
  workers: number;
}
export interface FanoutCell {
  instances: number;
  /** The instances are worker processes of one deployment sharing one port (WORKERS). */
  sharedPort: boolean;
  /** Streams each server process held once all were open. */
  streamsPerProcess: number[];
  streams: number;
  clinics: number;
  openSeconds: number;
  openFailed: number;
  firstError: string | null;
  pushes: number;
  pushErrors: number;
  pushLatency: Summary;
  /** Push sent → event received, over every (push, stream of its clinic). */
  eventLatency: Summary;
  eventLatencyByInstance: Summary[];
  expectedEvents: number;
  missingEvents: number;
  streamErrors: number;
  streamsClosed: number;
  /** Server memory per open stream (after a full GC): instance 0's, or all workers' together on a shared port. */
  rssPerStreamBytes: number;
  heapPerStreamBytes: number;
  /** V8's committed heap per stream: what RSS holds beyond the live objects, in part. */
  heapTotalPerStreamBytes: number;
  rssBefore: number;
  rssAfter: number;
  /** CPU of every server process over the push phase, per push (the push itself and its fan-out), and their share of one core. */
  serverCpuMsPerPush: number;
  serverBusy: number;
}

/** Loopback source addresses: each has its own ~28,000 ephemeral ports. */
const SOURCES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);
const OPEN_CONCURRENCY = 64;
const DRAIN_MS = 3000;

/** The soft limit of open files of this process (the server children inherit it). */
export function openFileLimit(): number {
  const m = /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return m ? Number(m[1]) : 1024;
}

class Worker {
  private readonly child: ChildProcess;
  private readonly replies: ((r: WorkerReply) => void)[] = [];
  constructor() {
    this.child = fork(join(import.meta.dirname, 'support', 'stream-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (r: WorkerReply) => this.replies.shift()?.(r));
  }
  ask<T extends WorkerReply>(m: WorkerRequest, timeoutMs: number): Promise<T> {
    return withTimeout(
      new Promise<T>((resolve) => {
        this.replies.push(resolve as (r: WorkerReply) => void);
        this.child.send(m);
      }),
      timeoutMs,
      `stream worker ${m.type}`,
    );
  }
  close(): void {
    if (this.child.connected) this.child.send({ type: 'close' } satisfies WorkerRequest);
  }
}

export async function runFanout(
  cfg: FanoutConfig,
  deps: { db: Database; jwtSecret: string; log: (l: string) => void },
  instances: Target[],
  sharedPort = false,
): Promise<FanoutCell> {
  const mint = await tokenMinter(deps.db, deps.jwtSecret);
  const clinics = await Promise.all(Array.from({ length: cfg.clinics }, () => createClinic(deps.db)));
  // Every stream is its own device session; streams of a clinic spread over the instances.
  const conns: Conn[][] = Array.from({ length: cfg.workers }, () => []);
  for (let i = 0; i < cfg.streams; i++) {
    const clinic = clinics[i % cfg.clinics]!;
    // On a shared port the deployment picks the worker: latency is one distribution.
    const instance = sharedPort ? 0 : Math.floor(i / cfg.clinics) % instances.length;
    conns[i % cfg.workers]!.push({
      url: instances[instance]!.url,
      token: await mint(clinic),
      localAddress: SOURCES[i % SOURCES.length]!,
      instance,
    });
  }
  const measured = sharedPort ? instances : instances.slice(0, 1);
  const before = await Promise.all(measured.map((t) => t.stats({ gc: true })));
  if (process.env.BENCH_HEAP_SNAPSHOT) await instances[0]!.heapSnapshot(`${process.env.BENCH_HEAP_SNAPSHOT}.before`);
  const workers = Array.from({ length: cfg.workers }, () => new Worker());
  try {
    const t0 = now();
    const opened = await Promise.all(
      workers.map((w, i) =>
        w.ask<Extract<WorkerReply, { type: 'opened' }>>(
          { type: 'open', conns: conns[i]!, concurrency: OPEN_CONCURRENCY, timeoutMs: 30_000 },
          300_000,
        ),
      ),
    );
    const openSeconds = (now() - t0) / 1000;
    const openFailed = opened.reduce((a, o) => a + o.failed, 0);
    const firstError = opened.find((o) => o.firstError)?.firstError ?? null;
    deps.log(
      `  ${cfg.streams - openFailed}/${cfg.streams} streams open on ${instances.length} instance(s) in ${openSeconds.toFixed(1)} s${firstError ? ` (first error: ${firstError})` : ''}`,
    );
    await sleep(500);
    const after = await Promise.all(measured.map((t) => t.stats({ gc: true })));
    if (process.env.BENCH_HEAP_SNAPSHOT) await instances[0]!.heapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
    const held = after.map((a) => a.streams);
    const onMeasured = sharedPort ? held.reduce((a, b) => a + b, 0) : conns.flat().filter((c) => c.instance === 0).length;
    const sum = (xs: ChildStats[], f: (x: ChildStats) => number) => xs.reduce((a, x) => a + f(x), 0);
    if (sharedPort) deps.log(`  streams per worker: ${held.join(', ')}`);

    // Pushes at a steady rate, round robin over clinics and instances; each a new entry stamped with its send time.
    const mintedByClinic = await Promise.all(clinics.map((c) => mint(c)));
    const factories = clinics.map((c) => new EntryFactory(c.id, 'F'));
    const agent = keepAliveAgent(32);
    const pushSamples: number[] = [];
    const openByClinic = countByClinic(cfg);
    const total = Math.round(cfg.pushesPerSecond * cfg.seconds);
    let expected = 0;
    let pushErrors = 0;
    const pending: Promise<void>[] = [];
    const cpuBefore = instances.map((t) => cpuSnapshot(t.pid));
    const start = now();
    for (let k = 0; k < total; k++) {
      const due = start + (k * 1000) / cfg.pushesPerSecond;
      const wait = due - now();
      if (wait > 1) await sleep(wait);
      const ci = k % cfg.clinics;
      const target = instances[k % instances.length]!;
      expected += openByClinic[ci]!;
      pending.push(
        (async () => {
          const sentAt = performance.timeOrigin + performance.now();
          const e = factories[ci]!.next(Date.now(), `t=${sentAt}`);
          const p0 = now();
          try {
            await ok(
              requestJson(agent, target.url + pushPath('entries'), { token: mintedByClinic[ci]!, body: [{ newDocumentState: wire(e) }] }),
              'fan-out push',
            );
            pushSamples.push(now() - p0);
          } catch {
            // A failed push has no event to wait for; it is reported, not fatal.
            pushErrors++;
            expected -= openByClinic[ci]!;
          }
        })(),
      );
    }
    await Promise.all(pending);
    await sleep(DRAIN_MS);
    const cpu = instances.map((t, i) => cpuPerOp(cpuBefore[i]!, cpuSnapshot(t.pid), total));
    agent.destroy();
    const collected = await Promise.all(workers.map((w) => w.ask<Extract<WorkerReply, { type: 'samples' }>>({ type: 'collect' }, 60_000)));
    const byInstance = instances.map((_, i) => collected.flatMap((c) => c.byInstance[i] ?? []));
    const all = byInstance.flat();
    const cell: FanoutCell = {
      instances: instances.length,
      sharedPort,
      streamsPerProcess: held,
      streams: cfg.streams - openFailed,
      clinics: cfg.clinics,
      openSeconds,
      openFailed,
      firstError,
      pushes: pushSamples.length,
      pushErrors,
      pushLatency: summarize(pushSamples),
      eventLatency: summarize(all),
      eventLatencyByInstance: byInstance.map((s) => summarize(s)),
      expectedEvents: expected,
      missingEvents: Math.max(0, expected - all.length),
      streamErrors: collected.reduce((a, c) => a + c.errors, 0),
      streamsClosed: collected.reduce((a, c) => a + c.closed, 0),
      rssPerStreamBytes: (sum(after, (x) => x.rss) - sum(before, (x) => x.rss)) / onMeasured,
      heapPerStreamBytes: (sum(after, (x) => x.heapUsed) - sum(before, (x) => x.heapUsed)) / onMeasured,
      heapTotalPerStreamBytes: (sum(after, (x) => x.heapTotal) - sum(before, (x) => x.heapTotal)) / onMeasured,
      rssBefore: sum(before, (x) => x.rss),
      rssAfter: sum(after, (x) => x.rss),
      serverCpuMsPerPush: cpu.reduce((a, c) => a + c.serverMs, 0),
      serverBusy: cpu.reduce((a, c) => a + c.serverUtilisation, 0),
    };
    deps.log(
      `  ${cell.pushes} pushes → ${all.length}/${expected} events; push→event p50 ${cell.eventLatency.p50.toFixed(1)} p99 ${cell.eventLatency.p99.toFixed(1)} ms; ${(cell.rssPerStreamBytes / 1024).toFixed(1)} KB RSS/stream (V8 heap committed ${(cell.heapTotalPerStreamBytes / 1024).toFixed(1)}, used ${(cell.heapPerStreamBytes / 1024).toFixed(1)} KB); server CPU ${cell.serverCpuMsPerPush.toFixed(2)} ms/push`,
    );
    return cell;
  } finally {
    for (const w of workers) w.close();
    await sleep(500);
  }
}

export interface StreamFloorCell {
  label: string;
  streams: number;
  openFailed: number;
  rssPerStreamBytes: number;
  heapPerStreamBytes: number;
}

/** The same K streams held by a bare route (bench app: no auth, no logging, no hub): what any Node HTTP stream costs. */
export async function runStreamMemoryFloor(
  cfg: FanoutConfig,
  target: Target,
  path: string,
  label: string,
  log: (l: string) => void,
): Promise<StreamFloorCell> {
  const conns: Conn[][] = Array.from({ length: cfg.workers }, () => []);
  for (let i = 0; i < cfg.streams; i++)
    conns[i % cfg.workers]!.push({ url: target.url, token: 'none', localAddress: SOURCES[i % SOURCES.length]!, instance: 0, path });
  const before = await target.stats({ gc: true });
  const workers = Array.from({ length: cfg.workers }, () => new Worker());
  try {
    const opened = await Promise.all(
      workers.map((w, i) =>
        w.ask<Extract<WorkerReply, { type: 'opened' }>>(
          { type: 'open', conns: conns[i]!, concurrency: OPEN_CONCURRENCY, timeoutMs: 30_000 },
          300_000,
        ),
      ),
    );
    await sleep(500);
    const after = await target.stats({ gc: true });
    const open = opened.reduce((a, o) => a + o.open, 0);
    const cell = {
      label,
      streams: open,
      openFailed: cfg.streams - open,
      rssPerStreamBytes: (after.rss - before.rss) / open,
      heapPerStreamBytes: (after.heapUsed - before.heapUsed) / open,
    };
    log(
      `  memory floor: ${open} streams on ${label}, ${(cell.rssPerStreamBytes / 1024).toFixed(1)} KB RSS / ${(cell.heapPerStreamBytes / 1024).toFixed(1)} KB heap per stream`,
    );
    return cell;
  } finally {
    for (const w of workers) w.close();
    await sleep(500);
  }
}

/** Streams per clinic, as assigned above (stream i belongs to clinic i mod clinics). */
function countByClinic(cfg: FanoutConfig): number[] {
  const out = new Array<number>(cfg.clinics).fill(0);
  for (let i = 0; i < cfg.streams; i++) out[i % cfg.clinics]!++;
  return out;
}
