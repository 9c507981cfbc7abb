// The convergence run's world: two server instances behind a balancer, three
// reception tablets (two of clinic A, one of clinic B), a seeded schedule of
// receptionist actions and faults, and the settle-then-check ending.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../server/db/database.ts';
import { addHistory, createClinic, openTestDb, usingPostgres, type TestClinic } from '../testkit/harness.ts';
import { HISTORY_ZONE, pastVisits } from '../testkit/history.ts';
import { DEFAULT_PAST_DAYS, windowBounds } from '../shared/window.ts';
import { TrackingBalancer } from './balancer.ts';
import { check, serverRows, tabletSnapshot, type Replica } from './checker.ts';
import { CHILD_ENV, ChildInstance, freePort, InProcessInstance, scratchDatabase, stubClientDir, type Instance } from './instances.ts';
import { Prng, sleep, within } from './prng.ts';
import { Clock, Ledger, ReceptionTablet, type OpKind } from './reception.ts';
import { Recorder } from './diagnostics.ts';

export interface Plan {
  ops: number;
  /** Tablet offline windows, kills of an instance, Postgres connection terminations. */
  offlineWindows: number;
  kills: number;
  terminations: number;
  /** A new clinic day every this many operations (0: one day). */
  opsPerDay: number;
  /** Pause between two actions, at most (ms). */
  maxPauseMs: number;
  settleMs: number;
}

const OP_WEIGHTS: Record<OpKind, number> = {
  add: 24,
  reorder: 12,
  callNext: 12,
  call: 4,
  start: 8,
  finish: 8,
  noShow: 6,
  recall: 5,
  cancel: 5,
  urgent: 6,
  editName: 10,
};

type Fault =
  | { kind: 'offline'; tablet: number; forOps: number }
  | { kind: 'kill'; downOps: number }
  | { kind: 'terminate'; listenerToo: boolean };

export interface RunResult {
  violations: string[];
  report: string;
  stats: Record<string, number | string>;
}

export async function runConvergence(seed: number, plan: Plan, log: (s: string) => void = () => {}): Promise<RunResult> {
  const rng = new Prng(seed);
  const ledger = new Ledger();
  const clock = new Clock();
  const started = Date.now();
  const cleanups: (() => Promise<unknown>)[] = [];
  const unexpected: string[] = [];
  const stats: Record<string, number | string> = { seed, mode: usingPostgres ? 'postgres, child processes' : 'pglite, in-process' };

  try {
    // --- The servers.
    let db: Database;
    let instances: Instance[];
    let terminator: pg.Client | null = null;
    if (usingPostgres) {
      const scratch = await scratchDatabase(process.env.DATABASE_URL!);
      cleanups.push(() => scratch.drop());
      db = scratch.db;
      const stub = await stubClientDir();
      cleanups.push(() => stub.remove());
      const env = CHILD_ENV(scratch.url, stub.dir, randomBytes(24).toString('hex'));
      instances = [new ChildInstance('i1', await freePort(), env), new ChildInstance('i2', await freePort(), env)];
      terminator = new pg.Client({ connectionString: scratch.url });
      terminator.on('error', () => {});
      await terminator.connect();
      const t = terminator;
      cleanups.push(() => t.end().catch(() => {}));
    } else {
      const testDb = await openTestDb();
      cleanups.push(() => testDb.dispose());
      db = testDb;
      instances = [new InProcessInstance('i1', await freePort(), db), new InProcessInstance('i2', await freePort(), db)];
    }
    cleanups.push(() => Promise.all(instances.map((i) => i.stop().catch(() => {}))));
    await Promise.all(instances.map((i) => i.start()));
    const lb = new TrackingBalancer(instances.map((i) => i.url));
    await lb.start();
    cleanups.push(() => lb.stop());
    stats.startupMs = Date.now() - started;

    // --- The clinics and tablets.
    const clinicA = await createClinic(db);
    const clinicB = await createClinic(db);
    // Clinic A has a month of past visits: the tablets' window must leave them on the server alone.
    const history = pastVisits(clinicA.id, { now: Date.now(), timeZone: HISTORY_ZONE, days: 30, perDay: 10, fromBack: 12 });
    await addHistory(db, clinicA.id, history);
    const open = (c: TestClinic, name: string) => ReceptionTablet.open(lb.url, c, name, ledger, clock);
    const tablets = [await open(clinicA, 'A1'), await open(clinicA, 'A2'), await open(clinicB, 'B1')];
    cleanups.push(() => Promise.all(tablets.map((t) => t.close().catch(() => {}))));
    await Promise.all(tablets.map((t) => within(t.sync.awaitInSync(), 20_000, `${t.name} first sync`)));
    const recorder = new Recorder(started);
    for (const t of tablets) recorder.attach(t);

    // --- The fault schedule, drawn from the seed up front.
    const faults = new Map<number, Fault[]>();
    const at = (i: number, f: Fault) => faults.set(i, [...(faults.get(i) ?? []), f]);
    const span = (lo: number, hi: number) => rng.between(Math.max(1, Math.floor(plan.ops * lo)), Math.max(2, Math.floor(plan.ops * hi)));
    for (let k = 0; k < plan.offlineWindows; k++)
      at(rng.int(plan.ops), { kind: 'offline', tablet: rng.int(tablets.length), forOps: Math.min(span(0.02, 0.12), 400) });
    for (let k = 0; k < plan.kills; k++) at(rng.int(plan.ops), { kind: 'kill', downOps: Math.min(span(0.02, 0.1), 200) });
    if (usingPostgres)
      for (let k = 0; k < plan.terminations; k++) at(rng.int(plan.ops), { kind: 'terminate', listenerToo: rng.chance(0.35) });

    const offlineUntil = new Map<number, number>();
    const restarts: Promise<void>[] = [];
    let restartAt: { op: number; inst: Instance } | null = null;
    const counts = {
      offline: 0,
      kills: 0,
      killsMidPush: 0,
      terminations: 0,
      terminatedConnections: 0,
      listenerTerminations: 0,
      crashesWhileStarting: 0,
    };

    const waitForPush = async (ms: number) => {
      const deadline = Date.now() + ms;
      while (lb.busy('push').length === 0 && Date.now() < deadline) await sleep(1);
      return lb.busy('push');
    };
    // Like a supervisor (systemd, Kubernetes, the cluster primary): an
    // instance that dies while starting, e.g. because its connection was
    // terminated during the start-up migration check, is started again.
    const restart = (inst: Instance) => {
      ledger.fault(`restart ${inst.name}`);
      const p = (async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            await inst.start();
            return;
          } catch (err) {
            counts.crashesWhileStarting++;
            ledger.fault(`${inst.name} died while starting (${(err as Error).message}); starting it again`);
            if (attempt >= 5) {
              unexpected.push(`${inst.name} failed to start ${attempt} times:\n${inst.tail()}`);
              return;
            }
          }
        }
      })();
      restarts.push(p);
    };

    // --- The run.
    for (let i = 0; i < plan.ops; i++) {
      if (plan.opsPerDay > 0 && i > 0 && i % plan.opsPerDay === 0) {
        clock.advance();
        ledger.fault(`the clinic day is now ${clock.day}`);
      }
      for (const [ti, until] of offlineUntil) {
        if (i >= until) {
          offlineUntil.delete(ti);
          tablets[ti]!.net.offline = false;
          tablets[ti]!.sync.reconnectNow();
          ledger.fault(`${tablets[ti]!.name} online`);
        }
      }
      if (restartAt && i >= restartAt.op) {
        restart(restartAt.inst);
        restartAt = null;
      }
      for (const f of faults.get(i) ?? []) {
        if (f.kind === 'offline' && !offlineUntil.has(f.tablet)) {
          offlineUntil.set(f.tablet, i + f.forOps);
          tablets[f.tablet]!.net.offline = true;
          counts.offline++;
          ledger.fault(`${tablets[f.tablet]!.name} offline for ${f.forOps} operations`);
        } else if (f.kind === 'kill' && !restartAt && instances.every((x) => x.ready)) {
          const busy = await waitForPush(1000);
          const victim = instances.find((x) => busy.includes(x.url)) ?? rng.pick(instances);
          const midPush = busy.includes(victim.url) && lb.busy('push').includes(victim.url);
          await victim.kill();
          counts.kills++;
          if (midPush) counts.killsMidPush++;
          ledger.fault(
            `${usingPostgres ? 'SIGKILL' : 'close'} ${victim.name}${midPush ? ' with a push in flight' : ''}; back in ${f.downOps} operations`,
          );
          restartAt = { op: i + f.downOps, inst: victim };
        } else if (f.kind === 'terminate' && terminator) {
          await waitForPush(500);
          const sql = `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()${f.listenerToo ? '' : ` AND application_name <> 'doctorq-listener'`}`;
          const n = await terminator.query<{ n: number }>(sql).then(
            (r) => r.rows[0]!.n,
            (err: Error) => {
              unexpected.push(`terminating connections failed: ${err.message}`);
              return 0;
            },
          );
          counts.terminations++;
          counts.terminatedConnections += n;
          if (f.listenerToo) counts.listenerTerminations++;
          ledger.fault(`pg_terminate_backend: ${n} connections${f.listenerToo ? ', listeners included' : ''}`);
        }
      }
      // Clinic A's two desks are busier than clinic B's one.
      const r = rng.next();
      const t = tablets[r < 0.4 ? 0 : r < 0.8 ? 1 : 2]!;
      const kind = rng.weighted(OP_WEIGHTS);
      await t.idle();
      t.perform(kind, rng).catch((err: Error) => unexpected.push(`${t.name} ${kind} failed: ${err.message}`));
      const pause = rng.int(plan.maxPauseMs + 1);
      if (pause > 0) await sleep(pause);
      if (i > 0 && i % 1000 === 0) log(`  ${i} operations, ${Math.round((Date.now() - started) / 1000)} s`);
    }
    await Promise.all(tablets.map((t) => t.idle()));
    stats.opsMs = Date.now() - started;

    // --- Heal everything and let it settle.
    ledger.fault('heal: every tablet online, every instance up');
    if (restartAt) restart(restartAt.inst);
    for (const inst of instances) if (!inst.alive) restart(inst);
    await Promise.all(restarts);
    for (const t of tablets) {
      t.net.offline = false;
      t.sync.reconnectNow();
    }
    const settleStart = Date.now();
    const deadline = settleStart + plan.settleMs;
    let violations: string[] = [];
    for (;;) {
      await Promise.all(tablets.map((t) => within(t.sync.awaitInSync(), 10_000, `${t.name} awaitInSync`).catch(() => undefined)));
      const rows = await serverRows(db, [clinicA.id, clinicB.id]);
      const replicas: Replica[] = [];
      for (const t of tablets)
        replicas.push({
          name: t.name,
          clinicId: t.clinicId,
          snapshot: await tabletSnapshot(t.tablet.db),
          pending: t.sync.pending.count$.value,
        });
      violations = check({
        ledger,
        tabletClinic: new Map(tablets.map((t) => [t.name, t.clinicId])),
        clinics: [clinicA.id, clinicB.id],
        rows,
        replicas,
        history,
        window: windowBounds(Date.now(), HISTORY_ZONE, DEFAULT_PAST_DAYS),
      });
      stats.entries = rows.filter((r) => r.collection === 'entries').length;
      if (violations.length === 0 || Date.now() > deadline) break;
      for (const t of tablets) t.sync.reconnectNow();
      await sleep(250);
    }
    for (const inst of instances) if (!inst.alive) unexpected.push(`${inst.name} is not running at the end:\n${inst.tail()}`);
    stats.settleMs = Date.now() - settleStart;
    stats.totalMs = Date.now() - started;
    stats.conflictsResolved = recorder.conflicts;
    stats.acknowledgedWrites = [...ledger.acks.values()].reduce((s, l) => s + l.length, 0);
    stats.opsNoop = ledger.trace.filter((l) => l.outcome && l.outcome !== 'ok' && !l.outcome.startsWith('error')).length;
    Object.assign(stats, counts);
    const all = [...unexpected.map((u) => `UNEXPECTED: ${u}`), ...violations];
    let diagnosis: string[] = [];
    if (all.length > 0) {
      diagnosis = await recorder.diagnose(tablets, db, ledger, all);
      const file = await recorder.dump(seed);
      if (file) diagnosis.push(`timeline of every replication step: ${file}`);
    }
    const report =
      all.length === 0
        ? ''
        : [
            `${all.length} violations (first 30):`,
            ...all.slice(0, 30).map((x) => `  - ${x}`),
            ledger.report(seed),
            ...diagnosis,
            ...instances.map((i) => `--- ${i.name} output:\n${i.tail()}`),
          ].join('\n');
    return { violations: all, report, stats };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}
