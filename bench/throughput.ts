// Priority 1b and 2: what one instance sustains.
// - Queue operations from many tablets at once (each its own clinic, queue of
//   QUEUE_N): closed loop (each tablet sends its next operation when the last
//   one answered) for the seed and for DoctorQ, then DoctorQ open loop on a
//   ladder of fixed rates (latency counted from the scheduled start, so a
//   stall cannot hide behind fewer requests).
// - Batched pushes: documents per second accepted from concurrent clients.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Database } from '../server/db/database.ts';
import { pushPath } from '../shared/protocol.ts';
import { sleep } from './support/bounded.ts';
import { createClinic, EntryFactory, insertEntries, tokenMinter, wire, type BenchClinic } from './support/clinic.ts';
import { keepAliveAgent, ok, requestJson } from './support/http.ts';
import { now, summarize, type Summary } from './support/stats.ts';
import { BenchTablet, type QueueOp } from './support/tablet.ts';
import type { Target } from './support/target.ts';
import { benchBackends, cpuPerOp, cpuSnapshot, type CpuPerOp } from './support/cpu.ts';
import { seedQueue } from './seed-baseline.ts';
import { profiled } from './support/profile.ts';
import { analyze } from './support/db.ts';

/** The seed's "degraded" queue length. */
export const QUEUE_N = 50;
/** Open loop: more waiting operations than this many seconds' worth means the server cannot keep up. */
const MAX_BACKLOG_S = 0.5;
/** The rate: every variant is offered it, saturated below it or not. */
export const TARGET_RATE = 1000;
/** Past this p99 the ladder stops climbing. */
const SATURATED_P99_MS = 500;
/** Each tablet cycles through these, so queues keep their length. */
const CYCLE: QueueOp[] = ['next', 'add', 'reorder'];

export interface ThroughputCell {
  label: string;
  mode: 'closed' | 'open';
  clients: number;
  seconds: number;
  ops: number;
  opsPerSecond: number;
  latency: Summary;
  errors: number;
  docsPerOp?: number;
  cpu: CpuPerOp;
  /** Open loop: the offered rate, and whether the server fell behind it (the schedule was abandoned). */
  offeredRate?: number;
  saturated?: boolean;
}

interface Deps {
  db: Database;
  jwtSecret: string;
  log: (l: string) => void;
}

/** CPU of the server and of the bench database's Postgres backends, not of other sessions' work. */
const snapshot = async (deps: Deps, serverPid: number) => cpuSnapshot(serverPid, await benchBackends(deps.db));

async function doctorqTablets(deps: Deps, target: Target, count: number, agent: http.Agent): Promise<BenchTablet[]> {
  const mint = await tokenMinter(deps.db, deps.jwtSecret);
  const tablets: BenchTablet[] = [];
  for (let i = 0; i < count; i++) {
    const clinic = await createClinic(deps.db);
    const factory = new EntryFactory(clinic.id);
    const entries = factory.many(QUEUE_N);
    entries[0] = { ...entries[0]!, status: 'called', calledAt: Date.now() };
    await insertEntries(deps.db, clinic.id, entries);
    tablets.push(new BenchTablet(target.url, clinic.id, await mint(clinic), agent, entries, factory, 'raw'));
  }
  return tablets;
}

/** Closed loop: `clients` workers each run `op` back to back until the time is up. */
async function closedLoop(clients: number, seconds: number, op: (worker: number, i: number) => Promise<void>) {
  const samples: number[] = [];
  let errors = 0;
  const t0 = now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, w) => {
      for (let i = 0; now() < end; i++) {
        const s = now();
        try {
          await op(w, i);
          samples.push(now() - s);
        } catch {
          errors++;
          await sleep(10);
        }
      }
    }),
  );
  const elapsed = (now() - t0) / 1000;
  return { ops: samples.length, seconds: elapsed, opsPerSecond: samples.length / elapsed, latency: summarize(samples), errors };
}

export interface ThroughputConfig {
  clients: number;
  seconds: number;
  openRates: number[];
  openSeconds: number;
  openClients: number;
}

/** The label of DoctorQ fanning out through Redis (`doctorq`: through NOTIFY). */
export const REDIS_LABEL = 'doctorq-redis';

/** One DoctorQ server under test: its fan-out differs (NOTIFY in the push transaction, or Redis after commit). */
export interface Variant {
  label: string;
  target: Target;
}

/**
 * The seed's wall, then each DoctorQ variant closed loop, then the open-loop
 * ladder with the variants side by side at each rate. A variant stops
 * climbing at its first saturated rate, but every variant is offered the
 * issue's target rate.
 */
export async function runQueueThroughput(cfg: ThroughputConfig, deps: Deps, seed: Target, variants: Variant[]): Promise<ThroughputCell[]> {
  const cells: ThroughputCell[] = [];
  const mint = await tokenMinter(deps.db, deps.jwtSecret);

  // The seed: same number of tablets, each its own clinic and queue.
  const seedAgent = keepAliveAgent(cfg.clients);
  const seedTokens: string[] = [];
  for (let i = 0; i < cfg.clients; i++) {
    const clinic: BenchClinic = { id: randomUUID(), receptionistId: randomUUID(), receptionist: '' };
    await seedQueue(deps.db, clinic.id, QUEUE_N);
    seedTokens.push(await mint(clinic));
  }
  // Every variant serves the same database, so the same tablets (clinics, tokens, local copies) drive them all.
  const agent = keepAliveAgent(Math.max(cfg.clients, cfg.openClients));
  const tablets = await doctorqTablets(deps, variants[0]!.target, Math.max(cfg.clients, cfg.openClients), agent);
  // Both designs' queues were written in a second: planned blind, DoctorQ's per-document lookup in dq_push
  // read every document of the clinic (an index on the clinic and collection with the id as a filter).
  await analyze(deps.db);
  const seedPath: Record<QueueOp, string> = { next: '/api/queue/next', add: '/api/queue/checkin', reorder: '/api/queue/reorder' };
  const c0 = await snapshot(deps, seed.pid);
  const s = await closedLoop(cfg.clients, cfg.seconds, async (w, i) => {
    await ok(requestJson(seedAgent, seed.url + seedPath[CYCLE[i % CYCLE.length]!], { token: seedTokens[w]!, body: {} }), 'seed op');
  });
  cells.push({ label: 'seed', mode: 'closed', clients: cfg.clients, ...s, cpu: cpuPerOp(c0, await snapshot(deps, seed.pid), s.ops) });
  deps.log(`  seed closed loop: ${s.opsPerSecond.toFixed(0)} ops/s, p99 ${s.latency.p99.toFixed(1)} ms, ${s.errors} errors`);
  seedAgent.destroy();

  for (const v of variants) {
    let docs = 0;
    const c1 = await snapshot(deps, v.target.pid);
    const d = await profiled(v.target, `${v.label} closed loop`, deps.log, () =>
      closedLoop(cfg.clients, cfg.seconds, async (w, i) => {
        docs += await tablets[w]!.run(CYCLE[i % CYCLE.length]!, { baseUrl: v.target.url });
      }),
    );
    cells.push({
      label: v.label,
      mode: 'closed',
      clients: cfg.clients,
      ...d,
      docsPerOp: docs / Math.max(1, d.ops),
      cpu: cpuPerOp(c1, await snapshot(deps, v.target.pid), d.ops),
    });
    deps.log(`  ${v.label} closed loop: ${d.opsPerSecond.toFixed(0)} ops/s, p99 ${d.latency.p99.toFixed(1)} ms, ${d.errors} errors`);
  }

  // A ladder of fixed rates: where p99 stays under 50 ms is what one instance sustains here.
  const climbing = new Set(variants);
  for (const rate of cfg.openRates) {
    for (const v of variants) {
      if (!climbing.has(v)) continue;
      const cell = await openLoop({ seconds: cfg.openSeconds, openRate: rate, openClients: cfg.openClients }, tablets, deps, v);
      cells.push(cell);
      if (cell.saturated && rate >= TARGET_RATE) climbing.delete(v);
    }
  }
  for (const t of tablets) t.close();
  agent.destroy();
  return cells;
}

/**
 * Open loop at `openRate` ops/s: operations are due on a fixed schedule and go
 * to an idle tablet; a tablet never has two operations in flight (its next
 * write depends on the answer to the last, as on a real tablet).
 */
async function openLoop(
  cfg: { seconds: number; openRate: number; openClients: number },
  tablets: BenchTablet[],
  deps: Deps,
  v: Variant,
): Promise<ThroughputCell> {
  const idle = tablets.slice(0, cfg.openClients).map((t) => ({ t, i: 0 }));
  const waiters: ((w: { t: BenchTablet; i: number }) => void)[] = [];
  const take = () =>
    new Promise<{ t: BenchTablet; i: number }>((r) => {
      const w = idle.pop();
      if (w) r(w);
      else waiters.push(r);
    });
  const give = (w: { t: BenchTablet; i: number }) => {
    const next = waiters.shift();
    if (next) next(w);
    else idle.push(w);
  };
  const samples: number[] = [];
  let errors = 0;
  const total = Math.round(cfg.openRate * cfg.seconds);
  const interval = 1000 / cfg.openRate;
  const c0 = await snapshot(deps, v.target.pid);
  const t0 = now();
  const inflight: Promise<void>[] = [];
  let saturated = false;
  for (let k = 0; k < total; k++) {
    const due = t0 + k * interval;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    // Fallen this far behind, the rate is past what the server sustains: stop offering more.
    if (waiters.length > cfg.openRate * MAX_BACKLOG_S) {
      saturated = true;
      break;
    }
    inflight.push(
      (async () => {
        const w = await take();
        try {
          await w.t.run(CYCLE[w.i++ % CYCLE.length]!, { baseUrl: v.target.url });
          samples.push(now() - due);
        } catch {
          errors++;
        } finally {
          give(w);
        }
      })(),
    );
  }
  await Promise.all(inflight);
  const seconds = (now() - t0) / 1000;
  const latency = summarize(samples);
  saturated ||= latency.p99 > SATURATED_P99_MS;
  const cell: ThroughputCell = {
    label: v.label,
    mode: 'open',
    clients: cfg.openClients,
    seconds,
    ops: samples.length,
    opsPerSecond: samples.length / seconds,
    latency,
    errors,
    cpu: cpuPerOp(c0, await snapshot(deps, v.target.pid), samples.length),
    offeredRate: cfg.openRate,
    saturated,
  };
  deps.log(
    `  ${v.label} open loop at ${cfg.openRate}/s: ${cell.opsPerSecond.toFixed(0)} ops/s, p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, ${errors} errors${saturated ? ' (saturated)' : ''}`,
  );
  return cell;
}

export interface PushCell {
  label: string;
  clients: number;
  clinics: number;
  batch: number;
  seconds: number;
  pushes: number;
  docsPerSecond: number;
  latency: Summary;
  errors: number;
  cpu: CpuPerOp;
}

/** Batched pushes of new entries: `clients` concurrent writers over `clinics` clinics. */
export async function runPushThroughput(
  cfg: { clients: number; batch: number; seconds: number },
  deps: Deps,
  doctorq: Target,
): Promise<PushCell[]> {
  const mint = await tokenMinter(deps.db, deps.jwtSecret);
  const agent = keepAliveAgent(cfg.clients);
  const cells: PushCell[] = [];
  for (const clinics of [cfg.clients, 1]) {
    const setup = await Promise.all(
      Array.from({ length: clinics }, async () => {
        const c = await createClinic(deps.db);
        return { factory: new EntryFactory(c.id, 'B'), token: await mint(c) };
      }),
    );
    const c0 = await snapshot(deps, doctorq.pid);
    const r = await closedLoop(cfg.clients, cfg.seconds, async (w) => {
      const s = setup[w % clinics]!;
      const rows = s.factory.many(cfg.batch).map((e) => ({ newDocumentState: wire(e) }));
      const body = await ok(
        requestJson<{ conflicts: unknown[] }>(agent, doctorq.url + pushPath('entries'), { token: s.token, body: rows }),
        'push',
      );
      if (body.conflicts.length) throw new Error('conflicts');
    });
    const label = clinics === 1 ? 'one clinic (clinic lock contended)' : `${clinics} clinics`;
    cells.push({
      label,
      clients: cfg.clients,
      clinics,
      batch: cfg.batch,
      seconds: r.seconds,
      pushes: r.ops,
      docsPerSecond: (r.ops * cfg.batch) / r.seconds,
      latency: r.latency,
      errors: r.errors,
      cpu: cpuPerOp(c0, await snapshot(deps, doctorq.pid), r.ops),
    });
    deps.log(
      `  push ${cfg.batch}-doc batches, ${label}: ${((r.ops * cfg.batch) / r.seconds).toFixed(0)} docs/s, p99 ${r.latency.p99.toFixed(1)} ms`,
    );
  }
  agent.destroy();
  return cells;
}
