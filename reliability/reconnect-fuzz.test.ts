// Reconnect fuzz: two tablets of one clinic keep writing while their
// connections are broken a thousand times at random points: the whole network
// blinking, the stream cut (often in the middle of a change event), the next
// stream truncated after a random number of bytes (a frame cut in half), pulls
// and pushes aborted in flight, a push's response lost after the server
// committed it. After the last cycle both tablets must be in sync within
// 15 s, count nothing unconfirmed, and hold exactly the server's documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHistory, createClinic, openTestDb, startTestServer } from '../testkit/harness.ts';
import { HISTORY_ZONE, pastVisits } from '../testkit/history.ts';
import { DEFAULT_PAST_DAYS, windowBounds } from '../shared/window.ts';
import type { RunningServer } from '../server/main.ts';
import { check, serverRows, tabletSnapshot } from './checker.ts';
import { Prng, runSeed, sleep, within } from './prng.ts';
import { Clock, Ledger, ReceptionTablet, type OpKind } from './reception.ts';
import { Recorder } from './diagnostics.ts';

const SOAK = Boolean(process.env.DOCTORQ_SOAK);
// 1,000 cycles take ~20 s here (each waits for a live stream): `npm test` runs 250, the soak 1,000.
const CYCLES = Number(process.env.DOCTORQ_FUZZ_CYCLES ?? (SOAK ? 1000 : 250));
const SETTLE_BOUND_MS = 15_000;

type Cut = 'blink' | 'stream' | 'truncate' | 'pull' | 'push' | 'lose-response' | 'stream-during-push';
const CUTS: Record<Cut, number> = {
  blink: 25,
  stream: 20,
  truncate: 15,
  pull: 10,
  push: 10,
  'lose-response': 10,
  'stream-during-push': 10,
};
const WRITES: Partial<Record<OpKind, number>> = { add: 35, callNext: 15, reorder: 15, editName: 15, finish: 10, urgent: 10 };

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});

afterAll(async () => {
  await server.close();
  await db.dispose();
});

describe('reconnect fuzz', () => {
  it(
    `when two writing tablets have their connections broken ${CYCLES} times at random points, then both are in sync within ${SETTLE_BOUND_MS / 1000} s of the last cycle and hold exactly the server's documents inside the window`,
    async () => {
      const seed = runSeed();
      const rng = new Prng(seed);
      const ledger = new Ledger();
      const clock = new Clock();
      const clinic = await createClinic(db);
      // A month of past visits the tablets must neither pull nor touch (shared/window.ts).
      const history = pastVisits(clinic.id, { now: Date.now(), timeZone: HISTORY_ZONE, days: 30, perDay: 10, fromBack: 12 });
      await addHistory(db, clinic.id, history);
      const tablets = [
        await ReceptionTablet.open(server.url, clinic, 'F1', ledger, clock),
        await ReceptionTablet.open(server.url, clinic, 'F2', ledger, clock),
      ];
      const counts: Record<Cut, number> = {
        blink: 0,
        stream: 0,
        truncate: 0,
        pull: 0,
        push: 0,
        'lose-response': 0,
        'stream-during-push': 0,
      };
      const failures: string[] = [];
      let reconnected = 0;
      try {
        await Promise.all(tablets.map((t) => within(t.sync.awaitInSync(), 15_000, `${t.name} first sync`)));
        const started = Date.now();
        const recorder = new Recorder(started);
        for (const t of tablets) recorder.attach(t);

        // The receptionists keep working all along.
        let writing = true;
        const writers = tablets.map(async (t, i) => {
          const wr = new Prng(seed + i + 1);
          while (writing) {
            await t
              .perform(wr.weighted(WRITES as Record<OpKind, number>), wr)
              .catch((err: Error) => failures.push(`${t.name}: ${err.message}`));
            await sleep(wr.int(6));
          }
        });

        for (let c = 0; c < CYCLES; c++) {
          const t = rng.pick(tablets);
          const cut = rng.weighted(CUTS);
          // Each cycle breaks a live connection: wait for the stream to be back,
          // then strike a few milliseconds later, while its resync pulls, the
          // pushes of the writes and the change events are in flight.
          const waitUntil = Date.now() + 2000;
          while (t.net.liveStreams === 0 && Date.now() < waitUntil) {
            t.sync.reconnectNow();
            await sleep(1);
          }
          if (t.net.liveStreams > 0) reconnected++;
          await sleep(rng.int(4));
          counts[cut]++;
          ledger.fault(`${t.name} ${cut}`);
          switch (cut) {
            case 'blink':
              t.net.offline = true;
              await sleep(rng.int(4));
              t.net.offline = false;
              break;
            case 'stream':
              t.net.cut('stream');
              break;
            case 'truncate':
              t.net.truncateNextStream(rng.between(1, 600));
              t.net.cut('stream');
              break;
            case 'pull':
              t.net.cut('pull');
              break;
            case 'push':
              t.net.cut('push');
              break;
            case 'stream-during-push': {
              // A slow push holds RxDB's incoming change events back; the stream
              // drops, the other desk registers someone meanwhile, the stream
              // comes back and its resync queues behind the held events.
              t.net.pushFault = 'hang';
              await sleep(rng.between(5, 30));
              t.net.streamsDown = true;
              t.net.cut('stream');
              const other = tablets.find((x) => x !== t)!;
              await other.perform('add', rng).catch((err: Error) => failures.push(`${other.name}: ${err.message}`));
              await sleep(rng.between(5, 30));
              t.net.streamsDown = false;
              const until = Date.now() + 1000;
              while (t.net.liveStreams === 0 && Date.now() < until) {
                t.sync.reconnectNow();
                await sleep(1);
              }
              await sleep(rng.between(1, 20));
              t.net.pushFault = 'none';
              t.net.cut('push');
              break;
            }
            case 'lose-response':
              t.net.pushFault = 'lose-response';
              await sleep(rng.int(8));
              t.net.pushFault = 'none';
              break;
          }
          // A browser's `online` event: skip the stream's backoff.
          for (const x of tablets) x.sync.reconnectNow();
          await sleep(rng.int(3));
        }
        const cyclesMs = Date.now() - started;
        writing = false;
        await Promise.all(writers);
        for (const t of tablets) {
          t.net.offline = false;
          t.net.streamsDown = false;
          t.net.pushFault = 'none';
        }

        // Settle: in sync, nothing unconfirmed, every replica equal to the server.
        const settleStart = Date.now();
        let violations: string[] = [];
        for (;;) {
          for (const t of tablets) t.sync.reconnectNow();
          await Promise.all(tablets.map((t) => within(t.sync.awaitInSync(), 5000, `${t.name} awaitInSync`).catch(() => undefined)));
          const replicas = [];
          for (const t of tablets)
            replicas.push({
              name: t.name,
              clinicId: clinic.id,
              snapshot: await tabletSnapshot(t.tablet.db),
              pending: t.sync.pending.count$.value,
            });
          violations = check({
            ledger,
            tabletClinic: new Map(tablets.map((t) => [t.name, clinic.id])),
            clinics: [clinic.id],
            rows: await serverRows(db, [clinic.id]),
            replicas,
            history,
            window: windowBounds(Date.now(), HISTORY_ZONE, DEFAULT_PAST_DAYS),
          });
          if (violations.length === 0 || Date.now() - settleStart > SETTLE_BOUND_MS) break;
          await sleep(100);
        }
        const settleMs = Date.now() - settleStart;
        const stats = {
          seed,
          cycles: CYCLES,
          cyclesOnALiveStream: reconnected,
          cyclesMs,
          settleMs,
          ...counts,
          writes: [...ledger.acks.values()].reduce((s, l) => s + l.length, 0),
          streamsOpened: tablets.reduce((s, t) => s + t.net.completed.stream, 0),
          broken: Object.fromEntries(
            (['stream', 'pull', 'push'] as const).map((k) => [k, tablets.reduce((s, t) => s + t.net.broken[k], 0)]),
          ),
          pulls: tablets.reduce((s, t) => s + t.net.completed.pull, 0),
          pushes: tablets.reduce((s, t) => s + t.net.completed.push, 0),
          failedRequests: tablets.reduce((s, t) => s + Object.values(t.net.failed).reduce((a, b) => a + b, 0), 0),
        };
        console.log(`reconnect fuzz${SOAK ? ' (soak)' : ''}: ${JSON.stringify(stats)}`);
        const all = [...failures.map((f) => `action failed: ${f}`), ...violations];
        let diagnosis: string[] = [];
        if (all.length > 0) {
          diagnosis = await recorder.diagnose(tablets, db, ledger, all);
          const file = await recorder.dump(seed);
          if (file) diagnosis.push(`timeline of every replication step: ${file}`);
        }
        const report =
          all.length === 0
            ? ''
            : [`${all.length} violations (first 20):`, ...all.slice(0, 20).map((v) => `  - ${v}`), ledger.report(seed), ...diagnosis].join(
                '\n',
              );
        if (all.length > 0) console.error(report);
        expect(all, report).toEqual([]);
        expect(settleMs).toBeLessThan(SETTLE_BOUND_MS);
      } finally {
        await Promise.all(tablets.map((t) => t.close()));
      }
    },
    SOAK ? 600_000 : 120_000,
  );
});
