// `npm run bench [-- --quick] [-- --only=saas,queue,throughput,reports,exports,appointments,push,catchup,fanout,healthz,tablet,bundles]`:
// the benchmarks of issue 6 in one run, side by side, on this machine. Prints
// Markdown tables (pasted into bench/README.md) and writes bench/results.json.
// Absolute times are reported, never asserted.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { prepareBenchDatabase } from './support/db.ts';
import { startTarget, startWorkers, type Target } from './support/target.ts';
import { RAW_STREAM_PATH } from './support/target-child.ts';
import { assertLoopback } from './support/http.ts';
import { startDelayProxy, viaProxy } from './proxy.ts';
import { runQueueOps, type OpCell } from './queue-ops.ts';
import { REDIS_LABEL, runPushThroughput, runQueueThroughput, type PushCell, type ThroughputCell, type Variant } from './throughput.ts';
import { runColdSync, runReconnect, runWindowedFirstSync, type CatchupCell, type WindowCell } from './catchup.ts';
import { sizes } from './config.ts';
import { openFileLimit, runFanout, runStreamMemoryFloor, type FanoutCell } from './fanout.ts';
import { measureBundles } from './bundles.ts';
import { runTabletUi } from './tablet-ui.ts';
import { runReports } from './reports.ts';
import { runExports } from './exports.ts';
import { runAppointments } from './appointments.ts';
import { runSaas } from './saas.ts';
import { runHealthzUnderSlowConnections } from './exhaustion.ts';
import { SEED_SCHEMA } from './seed-baseline.ts';
import * as report from './report.ts';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wants = (section: string) => !only || only.includes(section);
/** Which fan-out rows: one instance, two, worker processes on one port, memory floors (all by default). */
const fanoutRows = process.argv
  .find((a) => a.startsWith('--fanout='))
  ?.slice('--fanout='.length)
  .split(',') ?? ['1', '2', 'workers', 'floors'];
const PROXY_DELAY_MS = 5;
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const FD_HEADROOM = 300;
const C = sizes(quick);

const results: Record<string, unknown> = {
  startedAt: new Date(started).toISOString(),
  quick,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    openFileLimit: openFileLimit(),
    loadAverageAtStart: os.loadavg(),
  },
};
const tables: string[] = [];
const emit = (title: string, body: string) => tables.push(`### ${title}\n\n${body}`);
const found: Parameters<typeof report.checkTargets>[0] = {};

async function withTargets<T>(
  opts: { databaseUrl?: string; db?: Database; jwtSecret: string },
  fn: (seed: Target, doctorq: Target) => Promise<T>,
): Promise<T> {
  const seed = await startTarget('seed', opts);
  const doctorq = await startTarget('doctorq', opts);
  try {
    return await fn(seed, doctorq);
  } finally {
    await Promise.all([seed.close(), doctorq.close()]);
  }
}

async function queueSection(
  db: Database,
  jwtSecret: string,
  where: { databaseUrl?: string; db?: Database },
  proxyFrom?: string,
): Promise<void> {
  log('queue operations, database on loopback');
  const loopback = await withTargets({ ...where, jwtSecret }, (seed, doctorq) =>
    runQueueOps({ ns: C.ns, bounds: C.bounds }, { db, jwtSecret, seed, doctorq, log }),
  );
  found.loopback = loopback;
  const label = where.db ? 'PGlite in process (figures are PGlite)' : 'Postgres on loopback';
  emit(`Call-next cost vs queue length N, ${label}`, report.queueOpsTable(loopback));
  let proxied: OpCell[] | undefined;
  if (proxyFrom) {
    log(`queue operations, Postgres behind a proxy adding ${PROXY_DELAY_MS} ms each way`);
    const u = new URL(proxyFrom);
    const proxy = await startDelayProxy({ host: u.hostname, port: Number(u.port || 5432) }, PROXY_DELAY_MS);
    try {
      proxied = await withTargets({ databaseUrl: viaProxy(proxyFrom, proxy), jwtSecret }, (seed, doctorq) =>
        runQueueOps(
          { ns: C.proxyNs, bounds: C.proxyBounds },
          { db, jwtSecret, seed, doctorq, log, proxyRoundTrips: () => proxy.roundTrips },
        ),
      );
    } finally {
      await proxy.close();
    }
    emit(`Call-next cost vs queue length N, Postgres ${PROXY_DELAY_MS} ms away each way (TCP proxy)`, report.queueOpsTable(proxied));
  }
  results.queueOps = { loopback, proxied, proxyDelayMs: PROXY_DELAY_MS, database: where.db ? 'pglite' : 'postgres' };
}

async function postgresRun(databaseUrl: string): Promise<void> {
  const benchUrl = await prepareBenchDatabase(databaseUrl);
  log(`Postgres: fresh database ${new URL(benchUrl).pathname.slice(1)} beside the one in DATABASE_URL`);
  const db = await openDatabase({ databaseUrl: benchUrl, poolSize: 4, dataDir: '' });
  const jwtSecret = randomBytes(32).toString('base64url');
  const server = { databaseUrl: benchUrl, jwtSecret };
  try {
    // First, so the metering figures count the service's clinics only, not the other sections' seeds.
    if (wants('saas')) {
      const opts = quick ? { clinics: 50, days: 30, perDay: 20, runs: 10 } : { clinics: 1000, days: 30, perDay: 20, runs: 30 };
      log(`the service at ${opts.clinics} clinics: usage metering and the operator portal`);
      const seeded = await runSaas(db, () => startTarget('doctorq', server), jwtSecret, opts, log);
      results.saas = seeded;
      emit(
        `The service at ${seeded.clinics} clinics (${seeded.documents} documents): usage metering and the operator portal, real Postgres`,
        report.saasTable(seeded),
      );
    }
    if (wants('queue')) await queueSection(db, jwtSecret, { databaseUrl: benchUrl }, benchUrl);

    if (wants('throughput')) {
      log('sustained queue operations from many tablets');
      // DoctorQ through NOTIFY, and (REDIS_URL) through Redis pub/sub, which takes NOTIFY's commit lock out of the push.
      const redisUrl = process.env.REDIS_URL;
      if (redisUrl) assertLoopback(redisUrl.replace(/^redis/, 'http'));
      const t: ThroughputCell[] = await withTargets(server, async (seed, doctorq) => {
        const variants: Variant[] = [{ label: 'doctorq', target: doctorq }];
        const withRedis = redisUrl ? await startTarget('doctorq', { ...server, redisUrl }) : null;
        if (withRedis) variants.push({ label: REDIS_LABEL, target: withRedis });
        else log('  REDIS_URL not set: DoctorQ with Redis fan-out is left out');
        try {
          return await runQueueThroughput(C.throughput, { db, jwtSecret, log }, seed, variants);
        } finally {
          await withRedis?.close();
        }
      });
      found.throughput = t;
      results.queueThroughput = t;
      emit('Sustained queue operations (call-next, check-in, reorder in turn; queues of 50), one instance', report.throughputTable(t));
    }

    if (wants('reports')) {
      log('owner report over a year of one clinic');
      const r = await runReports(
        db,
        quick ? { days: 365, perDay: 80, otherClinics: 2, runs: 5 } : { days: 365, perDay: 80, otherClinics: 9, runs: 30 },
      );
      results.reports = r;
      emit(
        `Owner report, one clinic, ${r.days} days × ${r.visits / r.days} visits (${r.visits} visits) among ${r.otherClinics} other clinics as busy, real Postgres, behind row-level security`,
        report.reportsTable(r),
      );
    }

    if (wants('exports')) {
      const opts = quick ? { days: 30, perDay: 80 } : { days: 365, perDay: 80 };
      log(`exports of one clinic with ${opts.days} days × ${opts.perDay} visits: server memory while streaming`);
      const doctorq = await startTarget('doctorq', server);
      try {
        const r = await runExports(db, doctorq, jwtSecret, opts, log);
        results.exports = r;
        emit(
          `Exports (issue 19), one clinic, ${r.days} days × ${r.perDay} visits, with names, real Postgres: the server process's peak memory growth while streaming`,
          report.exportsTable(r),
        );
      } finally {
        await doctorq.close();
      }
    }
    if (wants('appointments')) {
      log('appointments: arrival into a queue of 500, free slots among a year of bookings');
      const a = await runAppointments(
        db,
        quick
          ? { queue: 500, arrivalRuns: 50, pastDays: 365, perDoctor: 20, lookupRuns: 10 }
          : { queue: 500, arrivalRuns: 500, pastDays: 365, perDoctor: 20, lookupRuns: 100 },
      );
      results.appointments = a;
      emit(
        `Appointments (issue 18): arrival and free slots, one clinic with ${a.freeSlots.bookings.toLocaleString('en')} bookings, real Postgres`,
        report.appointmentsTable(a),
      );
    }

    if (wants('push')) {
      log('push throughput');
      const doctorq = await startTarget('doctorq', server);
      try {
        const p: PushCell[] = await runPushThroughput(C.push, { db, jwtSecret, log }, doctorq);
        found.push = p;
        results.pushThroughput = p;
        emit('Batched push throughput, one instance', report.pushTable(p));
      } finally {
        await doctorq.close();
      }
    }

    if (wants('catchup')) {
      log('catch-up with real RxDB tablets');
      const doctorq = await startTarget('doctorq', server);
      const cells: CatchupCell[] = [];
      let windowCells: WindowCell[] = [];
      try {
        for (const storage of C.catchup.storages) {
          cells.push(await runReconnect(storage, C.catchup.changes, C.catchup.timeoutMs, db, doctorq));
          log(`  reconnect, ${storage}: ${cells.at(-1)!.totalMs.toFixed(0)} ms`);
          cells.push(await runColdSync(storage, C.catchup.docs, C.catchup.timeoutMs, db, doctorq));
          log(`  cold sync, ${storage}: ${cells.at(-1)!.totalMs.toFixed(0)} ms`);
        }
        log(`  first sync with history (${C.window.historyDays.join(' and ')} days × ${C.window.perDay})`);
        windowCells = await runWindowedFirstSync(C.window, db, doctorq);
      } finally {
        await doctorq.close();
      }
      found.catchup = cells;
      found.window = windowCells;
      results.catchup = cells;
      results.window = windowCells;
      emit("Catch-up: real RxDB tablets (the app's ClinicDb + ClinicSync) in Node", report.catchupTable(cells));
      emit(
        'A new tablet in a clinic with history: the window (issue 15), real RxDB + Dexie on fake-indexeddb',
        report.windowTable(windowCells),
      );
    }

    if (wants('fanout')) {
      const limit = openFileLimit();
      const streams = Math.min(C.fanout.streams, limit - FD_HEADROOM);
      if (streams < C.fanout.streams)
        log(`open-file limit ${limit} (hard, cannot be raised here): ${streams} streams per instance instead of ${C.fanout.streams}`);
      const cfg = { ...C.fanout, streams };
      const cells: FanoutCell[] = [];
      for (const count of [1, 2]) {
        if (!fanoutRows.includes(String(count))) continue;
        log(`stream fan-out, ${count} instance(s)`);
        const instances = await Promise.all(Array.from({ length: count }, () => startTarget('doctorq', server)));
        try {
          cells.push(await runFanout(cfg, { db, jwtSecret, log }, instances));
        } finally {
          await Promise.all(instances.map((i) => i.close()));
        }
      }
      if (fanoutRows.includes('workers')) {
        const { serverWorkers, ...wcfg } = C.fanoutWorkers;
        log(`stream fan-out, ${wcfg.streams} streams over ${serverWorkers} worker processes on one port`);
        const workers = await startWorkers('doctorq', serverWorkers, server);
        try {
          cells.push(await runFanout(wcfg, { db, jwtSecret, log }, workers, true));
        } finally {
          await Promise.all(workers.map((w) => w.close()));
        }
      }
      const floor = [];
      // Memory floors mean something at scale only: full run.
      for (const [path, label] of C.fanout.floors && fanoutRows.includes('floors')
        ? ([
            ['/floor/stream', 'a bare Express SSE route'],
            [RAW_STREAM_PATH, 'bare node:http'],
          ] as const)
        : []) {
        log(`stream memory floor: ${label}`);
        const seed = await startTarget('seed', server);
        floor.push(await runStreamMemoryFloor(cfg, seed, path, label, log).finally(() => seed.close()));
      }
      found.fanout = cells;
      results.fanout = { cells, floor, openFileLimit: limit };
      emit('Stream fan-out (SSE), pushes at a steady rate', report.fanoutTable(cells, floor));
    }

    if (wants('healthz')) {
      const held = 2000;
      log(`/healthz while ${held} idle slow connections are held`);
      const doctorq = await startTarget('doctorq', server);
      try {
        const h = await runHealthzUnderSlowConnections(doctorq, { held, perAddress: 100, probes: quick ? 20 : 100 }, log);
        found.healthz = h;
        results.healthz = h;
        emit(`/healthz while ${held.toLocaleString('en')} idle slow connections are held (issue 14), one instance`, report.healthzTable(h));
      } finally {
        await doctorq.close();
      }
    }
  } finally {
    await db.close();
  }
}

/** Without DATABASE_URL: only the per-operation costs mean something on an in-process embedded database. */
async function pgliteRun(): Promise<void> {
  log('no DATABASE_URL: PGlite in process; only queue-operation costs are measured (figures are PGlite)');
  const dir = await mkdtemp(join(os.tmpdir(), 'doctorq-bench-'));
  const db = await openDatabase({ poolSize: 1, dataDir: dir });
  try {
    await migrate(db);
    await db.exec(SEED_SCHEMA);
    const jwtSecret = randomBytes(32).toString('base64url');
    if (wants('queue')) await queueSection(db, jwtSecret, { db });
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  log(`${quick ? 'quick' : 'full'} run on ${os.cpus().length} cores, Node ${process.version}`);
  const url = process.env.DATABASE_URL;
  // The tablet and bundle sections need no bench database: asking only for them leaves <database>_bench alone.
  if (!only || only.some((s) => s !== 'tablet' && s !== 'bundles')) {
    if (url) await postgresRun(url);
    else await pgliteRun();
  }

  if (wants('tablet')) {
    log('reception tablet in Chromium: click to updated row, 500 patients');
    const r = await runTabletUi({ patients: 500, samples: quick ? 5 : 60, tracedTaps: quick ? 3 : 10 });
    results.tablet = r;
    if ('skipped' in r) emit('Reception tablet, local operations', `Skipped: ${r.skipped}.`);
    else emit(`Reception tablet in Chromium, ${r.patients} patients queued (ms, click to the updated row painted)`, report.tabletTable(r));
  }
  if (wants('bundles')) {
    const rows = await measureBundles(join(import.meta.dirname, '..'));
    results.bundles = rows;
    emit('Client bundles per page', report.bundleTable(rows));
  }
  const checks = report.checkTargets(found);
  results.targets = checks;
  if (checks.length)
    emit(`Targets (issues 6 and 14)${url ? '' : ' (PGlite figures: the targets are stated for Postgres)'}`, report.targetsTable(checks));

  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  const machine = results.machine as { loadAverageAtStart: number[] };
  console.log(
    `\nMachine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${url ? 'Postgres' : 'PGlite'}, ${quick ? 'quick' : 'full'} run; load average (1/5/15 min) at start ${load(machine.loadAverageAtStart)}, at end ${load(os.loadavg())} (other work on the machine shows here).`,
  );
  results.loadAverageAtEnd = os.loadavg();
  results.finishedAt = new Date().toISOString();
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  await writeFile(join(import.meta.dirname, 'results.json'), JSON.stringify(results, null, 2));
  console.log(`\n${tables.join('\n\n')}\n`);
  log(`done in ${results.durationSeconds} s${url ? '' : ' (PGlite only: set DATABASE_URL for the rest)'}; results in bench/results.json`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
