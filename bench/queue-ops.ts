// Priority 1: what one call-next costs, as a function of the queue's length N,
// side by side: the seed's route (one UPDATE per patient), DoctorQ's push of
// the ≤2 documents the tablet computed, and the floor (one bare upsert behind
// the same HTTP stack). Run on loopback and through the 5 ms proxy.
import { randomUUID } from 'node:crypto';
import type { Database } from '../server/db/database.ts';
import { sleep } from './support/bounded.ts';
import { createClinic, EntryFactory, insertEntries, PASSWORD, tokenMinter, wire } from './support/clinic.ts';
import { keepAliveAgent, ok, requestJson } from './support/http.ts';
import { now, summarize, type Summary } from './support/stats.ts';
import { BenchTablet } from './support/tablet.ts';
import type { Target } from './support/target.ts';
import { cpuPerOp, cpuSnapshot } from './support/cpu.ts';
import { refillSeedQueue, seedQueue } from './seed-baseline.ts';
import { analyze } from './support/db.ts';

export type Impl = 'seed' | 'doctorq' | 'floor';

export interface OpCell {
  impl: Impl;
  n: number;
  /** From the request sent to the answer (ours: the push, after the tablet computed it locally). */
  latency: Summary;
  /** Ours: the tablet's own callNext over the n entries, before the push (not part of `latency`). */
  localCompute?: Summary;
  /** Statements the server sent to the database per operation (= round trips: pg sends one at a time). */
  roundTrips: number;
  /** Client→server bursts seen by the delay proxy per operation (only through the proxy). */
  proxyRoundTrips: number | null;
  /** All of the server's round trips while operations ran back to back, per operation (background work included). */
  roundTripsWithBackground: number;
  /** The server process's CPU per operation (ours: averaged over every N, background work included). */
  serverCpuMs?: number;
}

export interface QueueOpsConfig {
  ns: number[];
  bounds: {
    /** The whole interleaved loop's deadline. */
    ms: number;
    seed: { count: number; min: number; warmup: number };
    fast: { count: number; warmup: number };
  };
}

export interface QueueOpsDeps {
  /** Setup connection (direct, not through the proxy). */
  db: Database;
  jwtSecret: string;
  seed: Target;
  doctorq: Target;
  proxyRoundTrips?: () => number;
  log: (line: string) => void;
}

/**
 * DoctorQ's server does work after a push, off the request path (a debounced
 * notification evaluation ~100 ms later). Back to back, that work lands in
 * other operations' counts; so the request path is counted on a few operations
 * spaced out by more than that delay (the least of them), and the total per operation is reported
 * beside it.
 */
const SPACED_OPS = 5;
const SPACING_MS = 300;

interface Runner {
  impl: Impl;
  n: number;
  target: Target;
  /** Resolves with the time the request went out, when the operation does local work first (ours). */
  op: () => Promise<number | undefined>;
  /** Untimed, straight to Postgres: keeps the queue at n. */
  refill: () => Promise<void>;
  samples: number[];
  /** Ours: the tablet's local compute before the push (callNext over the n entries). */
  local: number[];
  roundTrips: number;
  proxied: number;
}

/** One timed operation; round trips counted on the server in the same window. */
async function step(r: Runner, deps: QueueOpsDeps): Promise<void> {
  const before = (await r.target.stats()).roundTrips;
  const q0 = deps.proxyRoundTrips?.() ?? 0;
  const t0 = now();
  const sent = await r.op();
  r.samples.push(now() - (sent ?? t0));
  if (sent !== undefined) r.local.push(sent - t0);
  r.proxied += (deps.proxyRoundTrips?.() ?? 0) - q0;
  r.roundTrips += (await r.target.stats()).roundTrips - before;
  await r.refill();
}

function cellOf(r: Runner, deps: QueueOpsDeps, path?: { roundTrips: number; proxied: number }): OpCell {
  const k = r.samples.length;
  const cell: OpCell = {
    impl: r.impl,
    n: r.n,
    latency: summarize(r.samples),
    ...(r.local.length ? { localCompute: summarize(r.local) } : {}),
    roundTrips: path?.roundTrips ?? r.roundTrips / k,
    proxyRoundTrips: deps.proxyRoundTrips ? (path?.proxied ?? r.proxied / k) : null,
    roundTripsWithBackground: r.roundTrips / k,
  };
  deps.log(
    `  ${r.impl.padEnd(7)} N=${String(r.n).padEnd(4)} p50 ${cell.latency.p50.toFixed(2)} ms  p99 ${cell.latency.p99.toFixed(2)} ms  ${cell.roundTrips.toFixed(1)} round trips (${cell.roundTripsWithBackground.toFixed(1)} with background work)  (${k} ops)`,
  );
  return cell;
}

/** Fast runners get, each round, a slice of time proportional to the seed's round, within these bounds. */
const SLICE_MS = { min: 20, max: 1000 };

/**
 * Every implementation at every N, interleaved in rounds: one operation of
 * each seed queue (milliseconds to seconds), then a time slice of each fast
 * runner (ours at every N, the floor). Machine load (other work, GC, Postgres
 * checkpoints) then hits all of them alike, and the ratios are side by side.
 */
export async function runQueueOps(cfg: QueueOpsConfig, deps: QueueOpsDeps): Promise<OpCell[]> {
  const agent = keepAliveAgent(4);
  const mint = await tokenMinter(deps.db, deps.jwtSecret);
  const runner = (impl: Impl, n: number, target: Target, op: () => Promise<number | undefined>, refill: () => Promise<void>): Runner => ({
    impl,
    n,
    target,
    op,
    refill,
    samples: [],
    local: [],
    roundTrips: 0,
    proxied: 0,
  });

  const seeds: Runner[] = [];
  for (const n of cfg.ns) {
    // The seed: a clinic's queue of n rows with stored positions.
    const clinic = { id: randomUUID(), receptionistId: randomUUID(), receptionist: '' };
    await seedQueue(deps.db, clinic.id, n);
    const token = await mint(clinic);
    seeds.push(
      runner(
        'seed',
        n,
        deps.seed,
        async () => {
          await ok(requestJson(agent, `${deps.seed.url}/api/queue/next`, { token, body: {} }), 'seed next');
        },
        () => refillSeedQueue(deps.db, clinic.id),
      ),
    );
  }

  const fast: Runner[] = [];
  for (const n of cfg.ns) {
    // DoctorQ: a receptionist signs in for real and enrols the tablet; n active entries, the first already called.
    const clinic = await createClinic(deps.db);
    const grant = await ok(
      requestJson<{ accessToken: string }>(agent, `${deps.doctorq.url}/api/auth/login`, {
        body: { email: clinic.receptionist, password: PASSWORD, device: { kind: 'reception', name: 'bench desk' } },
      }),
      'login',
    );
    const factory = new EntryFactory(clinic.id);
    const entries = factory.many(n);
    entries[0] = { ...entries[0]!, status: 'called', calledAt: Date.now() };
    await insertEntries(deps.db, clinic.id, entries);
    const tablet = new BenchTablet(deps.doctorq.url, clinic.id, grant.accessToken, agent, entries, factory);
    fast.push(
      runner(
        'doctorq',
        n,
        deps.doctorq,
        async () => {
          let sent = 0;
          if (
            (await tablet.run('next', {
              pushed: () => {
                sent = now();
              },
            })) !== 2
          )
            throw new Error('call-next should write 2 documents');
          return sent;
        },
        async () => {
          const e = tablet.factory.next();
          await insertEntries(deps.db, clinic.id, [e]);
          tablet.apply([e]);
        },
      ),
    );
    if (n === cfg.ns[0]) {
      // The floor: one upsert of a document of the same size, same HTTP stack, no auth, no validation.
      const doc = wire(entries[1]!);
      let k = 0;
      fast.push(
        runner(
          'floor',
          0,
          deps.seed,
          async () => {
            await ok(
              requestJson(agent, `${deps.seed.url}/floor/upsert`, {
                body: { clinicId: clinic.id, id: `d${k++ % 2}`, data: { ...doc, updatedAt: Date.now() } },
              }),
              'floor',
            );
          },
          async () => {},
        ),
      );
    }
  }

  // Written in a second: planned blind, a lookup by id could read the whole queue (see throughput.ts).
  await analyze(deps.db);
  for (const r of seeds)
    for (let i = 0; i < cfg.bounds.seed.warmup; i++) {
      await r.op();
      await r.refill();
    }
  for (const r of fast)
    for (let i = 0; i < cfg.bounds.fast.warmup; i++) {
      await r.op();
      await r.refill();
    }

  const cpu0 = { doctorq: cpuSnapshot(deps.doctorq.pid), seed: cpuSnapshot(deps.seed.pid) };
  let floorCpuMs = 0;
  const deadline = now() + cfg.bounds.ms;
  const seedDone = (r: Runner) =>
    r.samples.length >= cfg.bounds.seed.count || (now() > deadline && r.samples.length >= cfg.bounds.seed.min);
  const fastDone = (r: Runner) => r.samples.length >= cfg.bounds.fast.count || now() > deadline;
  while (!seeds.every(seedDone) || !fast.every(fastDone)) {
    const t0 = now();
    for (const r of seeds) if (!seedDone(r)) await step(r, deps);
    const slice = Math.min(SLICE_MS.max, Math.max(SLICE_MS.min, (now() - t0) / fast.length));
    for (const r of fast) {
      const end = now() + slice;
      // The seed server also serves the floor: its CPU while the floor runs is the floor's.
      const c = r.impl === 'floor' ? cpuSnapshot(deps.seed.pid) : null;
      while (!fastDone(r) && now() < end) await step(r, deps);
      if (c) floorCpuMs += cpuSnapshot(deps.seed.pid).server - c.server;
    }
    if (seeds.every(seedDone) && now() > deadline) break;
  }
  const oursOps = fast.filter((r) => r.impl === 'doctorq').reduce((a, r) => a + r.samples.length, 0);
  const floor = fast.find((r) => r.impl === 'floor')!;
  // Per operation over the whole loop: the server processes' own CPU (10 ms ticks: only the average means something).
  const oursCpuMs = cpuPerOp(cpu0.doctorq, cpuSnapshot(deps.doctorq.pid), oursOps).serverMs;

  // PGlite: the servers run in this process, whose CPU is everyone's.
  const inProcess = deps.doctorq.pid === process.pid;
  const cells: OpCell[] = seeds.map((r) => cellOf(r, deps));
  for (const r of fast) {
    if (r.impl !== 'doctorq') continue;
    // Background work can only add to a window: the request path is the least any spaced operation took.
    const path = { roundTrips: Infinity, proxied: Infinity };
    for (let i = 0; i < SPACED_OPS; i++) {
      await sleep(SPACING_MS);
      const before = (await r.target.stats()).roundTrips;
      const q0 = deps.proxyRoundTrips?.() ?? 0;
      await r.op();
      path.proxied = Math.min(path.proxied, (deps.proxyRoundTrips?.() ?? 0) - q0);
      path.roundTrips = Math.min(path.roundTrips, (await r.target.stats()).roundTrips - before);
      await r.refill();
    }
    cells.push({ ...cellOf(r, deps, path), ...(inProcess ? {} : { serverCpuMs: oursCpuMs }) });
  }
  cells.push({ ...cellOf(floor, deps), ...(inProcess ? {} : { serverCpuMs: floorCpuMs / Math.max(1, floor.samples.length) }) });
  agent.destroy();
  return cells;
}
