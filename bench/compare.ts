// Side by side: the CPU one queue operation costs in the server of two (or
// more) source trees, e.g. main and a branch, on a machine whose load moves.
// Each tree's server runs in its own process over one database; the same 16
// tablets (closed loop, call-next → check-in → reorder) drive them in turn,
// in slices of SLICE ms, for ROUNDS rounds (the first is warm-up), so every
// server sees the same load. A name containing "redis" fans out through
// REDIS_URL. The figures are CPU per operation (server process, the database's
// Postgres backends, this process), not latency: those move less with load.
//
//   git archive main | tar -x -C /tmp/main && ln -s "$PWD/node_modules" /tmp/main/
//   DATABASE_URL=… REDIS_URL=redis://127.0.0.1:6379 \
//     node --import tsx bench/compare.ts main=/tmp/main this=. main-redis=/tmp/main this-redis=.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../server/db/database.ts';
import { prepareBenchDatabase } from './support/db.ts';
import { createClinic, EntryFactory, insertEntries, tokenMinter } from './support/clinic.ts';
import { BenchTablet, type QueueOp } from './support/tablet.ts';
import { assertLoopback, keepAliveAgent } from './support/http.ts';
import { benchBackends, cpuPerOp, cpuSnapshot } from './support/cpu.ts';
import type { Target } from './support/target.ts';
import { QUEUE_N } from './throughput.ts';

const TABLETS = 16;
/** Per server: several servers share one Postgres (and its max_connections) here. */
const POOL_SIZE = 8;
const CYCLE: QueueOp[] = ['next', 'add', 'reorder'];
const rounds = Number(process.env.ROUNDS ?? 7);
const sliceMs = Number(process.env.SLICE ?? 2000);

const databaseUrl = process.env.DATABASE_URL;
const trees = process.argv.slice(2).map((a) => a.split('=') as [string, string]);
if (!databaseUrl || trees.length < 2 || trees.some((t) => t.length !== 2))
  throw new Error('usage: DATABASE_URL=… compare.ts name=tree name=tree…');
const redisUrl = process.env.REDIS_URL;
if (redisUrl) assertLoopback(redisUrl.replace(/^redis/, 'http'));

const url = await prepareBenchDatabase(databaseUrl);
const db = await openDatabase({ databaseUrl: url, poolSize: 4, dataDir: '' });
const jwtSecret = randomBytes(32).toString('base64url');
const servers: { name: string; target: Target; ops: number; ms: number; server: number; postgres: number; client: number }[] = [];
for (const [name, tree] of trees) {
  if (name.includes('redis') && !redisUrl) throw new Error(`${name}: REDIS_URL is not set`);
  // Each tree starts its own server code: its own target.ts forks its own target-child.ts.
  const { startTarget } = (await import(
    pathToFileURL(resolve(tree, 'bench/support/target.ts')).href
  )) as typeof import('./support/target.ts');
  const target = await startTarget('doctorq', {
    databaseUrl: url,
    jwtSecret,
    poolSize: POOL_SIZE,
    ...(name.includes('redis') ? { redisUrl } : {}),
  });
  servers.push({ name, target, ops: 0, ms: 0, server: 0, postgres: 0, client: 0 });
}
const mint = await tokenMinter(db, jwtSecret);
const agent = keepAliveAgent(TABLETS);
const tablets: BenchTablet[] = [];
for (let i = 0; i < TABLETS; i++) {
  const clinic = await createClinic(db);
  const factory = new EntryFactory(clinic.id);
  const entries = factory.many(QUEUE_N);
  entries[0] = { ...entries[0]!, status: 'called', calledAt: Date.now() };
  await insertEntries(db, clinic.id, entries);
  tablets.push(new BenchTablet(servers[0]!.target.url, clinic.id, await mint(clinic), agent, entries, factory, 'raw'));
}

const loadAtStart = os.loadavg();
for (let round = 0; round < rounds; round++) {
  // Alternate the order, so no server always follows the same one.
  for (const s of round % 2 ? [...servers].reverse() : servers) {
    const c0 = cpuSnapshot(s.target.pid, await benchBackends(db));
    const t0 = performance.now();
    let ops = 0;
    await Promise.all(
      tablets.map(async (tablet, w) => {
        for (let i = w; performance.now() < t0 + sliceMs; i++) {
          await tablet.run(CYCLE[i % CYCLE.length]!, { baseUrl: s.target.url });
          ops++;
        }
      }),
    );
    if (round === 0) continue;
    const cpu = cpuPerOp(c0, cpuSnapshot(s.target.pid, await benchBackends(db)), ops);
    s.ms += performance.now() - t0;
    s.ops += ops;
    s.server += cpu.serverMs * ops;
    s.postgres += cpu.postgresMs * ops;
    s.client += cpu.clientMs * ops;
  }
}
const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
console.log(`| server | ops/s (closed loop, ${TABLETS} tablets) | CPU ms/op server / Postgres / load gen | ops |`);
console.log('|---|---:|---:|---:|');
for (const s of servers)
  console.log(
    `| ${s.name} | ${Math.round(s.ops / (s.ms / 1000))} | ${(s.server / s.ops).toFixed(2)} / ${(s.postgres / s.ops).toFixed(2)} / ${(s.client / s.ops).toFixed(2)} | ${s.ops} |`,
  );
console.log(`\nload average (1/5/15 min) at start ${load(loadAtStart)}, at end ${load(os.loadavg())}`);
for (const t of tablets) t.close();
agent.destroy();
await Promise.all(servers.map((s) => s.target.close()));
await db.close();
process.exit(0);
