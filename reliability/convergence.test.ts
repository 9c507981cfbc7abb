// Jepsen-style convergence: a seeded schedule of reception actions on three
// tablets of two clinics, through two server instances behind a balancer,
// with faults (tablets offline, an instance SIGKILLed mid-push and restarted,
// Postgres connections terminated during writes, the fan-out listener too);
// then everything heals and a checker compares every replica with Postgres.
// Short in `npm test`; `npm run test:soak` runs 10,000 operations.
// On Postgres (DATABASE_URL) the instances are real `npm start` processes on a
// database of their own; on PGlite they are two in-process instances sharing
// the embedded database, "killed" by closing them, and no connection can be
// terminated.
import { describe, expect, it } from 'vitest';
import { usingPostgres } from '../testkit/harness.ts';
import { runSeed } from './prng.ts';
import { runConvergence, type Plan } from './world.ts';

const SOAK = Boolean(process.env.DOCTORQ_SOAK);
const plan: Plan = SOAK
  ? { ops: 10_000, offlineWindows: 40, kills: 10, terminations: 40, opsPerDay: 1000, maxPauseMs: 12, settleMs: 180_000 }
  : { ops: 300, offlineWindows: 3, kills: 1, terminations: 3, opsPerDay: 0, maxPauseMs: 12, settleMs: 45_000 };

describe('convergence under faults', () => {
  it(
    `when ${plan.ops} seeded reception actions run on 2 tablets of clinic A and 1 of clinic B through 2 ${usingPostgres ? 'killable processes' : 'in-process instances'} with faults, then nothing acknowledged is lost or duplicated, every replica equals the server's window (clinic A's month of history left alone), and the clinics never see each other`,
    async () => {
      const seed = runSeed();
      const { violations, report, stats } = await runConvergence(seed, plan, (s) => console.log(s));
      console.log(`convergence ${SOAK ? '(soak)' : '(short)'}: ${JSON.stringify(stats)}`);
      if (violations.length > 0) console.error(report);
      expect(violations, report).toEqual([]);
    },
    SOAK ? 3_600_000 : 150_000,
  );
});
