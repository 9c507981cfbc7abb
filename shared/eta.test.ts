import { describe, it, expect } from 'vitest';
import type { Entry } from './schemas.ts';
import { paceOf, percentile, poolStart, recentDurations, startOfLast, waitFor, waitMinutes, waitToJoin } from './eta.ts';
import { ENTRY_DEFAULTS } from './doc-defaults.ts';

const MIN = 60_000;
const T0 = 1_800_000_000_000;
/** The waits' moment: nobody here runs late unless a test says so. */
const NOW = T0;

function entry(id: string, over: Partial<Entry> = {}): Entry {
  return {
    id,
    clinicId: '0190f6c4-7a2b-7c3d-8e4f-123456789abc',
    day: '2026-11-28',
    ticket: 'A-001',
    name: `Patient ${id}`,
    phone: null,
    doctorId: null,
    priority: 'normal',
    status: 'done',
    rank: 'a0',
    source: 'reception',
    arrivedAt: T0,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    ...ENTRY_DEFAULTS,
    updatedAt: T0,
    ...over,
  };
}

describe('percentile', () => {
  it('interpolates linearly', () => {
    expect(percentile([10, 20, 30, 40], 0)).toBe(10);
    expect(percentile([10, 20, 30, 40], 1)).toBe(40);
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([10, 20, 30, 40, 50], 0.8)).toBeCloseTo(42);
    expect(percentile([1, 2, 3], 0.25)).toBeCloseTo(1.5);
  });

  it('handles one sample, none, and out-of-range p', () => {
    expect(percentile([7], 0.8)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
    expect(percentile([1, 2], -1)).toBe(1);
    expect(percentile([1, 2], 2)).toBe(2);
  });
});

describe('paceOf', () => {
  it('uses the default with fewer than three samples', () => {
    expect(paceOf([MIN, 2 * MIN], 10)).toEqual({ lowMs: 10 * MIN, highMs: 15 * MIN, basis: 'default' });
  });

  it('uses median and p80 of history with three samples or more, in any order', () => {
    // sorted [5,10,15,20,30]: median 15, p80 at index 3.2 → 22
    expect(
      paceOf(
        [30, 5, 20, 10, 15].map((m) => m * MIN),
        10,
      ),
    ).toEqual({ lowMs: 15 * MIN, highMs: 22 * MIN, basis: 'history' });
  });

  it('ignores non-finite durations and those under a minute (skipped patients), which can push it back to the default', () => {
    expect(paceOf([MIN, NaN, Infinity, -5, 5_000, 2 * MIN], 8)).toEqual({ lowMs: 8 * MIN, highMs: 12 * MIN, basis: 'default' });
    expect(paceOf([MIN, 3 * MIN, NaN, 2 * MIN], 8)).toEqual({ lowMs: 2 * MIN, highMs: 2.6 * MIN, basis: 'history' });
  });
});

describe('startOfLast', () => {
  const pace = (p: Record<string, number>) => new Map(Object.entries(p));

  it("when nobody is ahead, then an any-doctor patient starts now; a named doctor's, on average once that doctor is free", () => {
    expect(startOfLast([null], pace({ a: 10 }))).toBe(0);
    expect(startOfLast([null], pace({ a: 10, b: 5 }))).toBe(0);
    // a frees now or halfway through a consultation, as likely: 0 or 5.
    expect(startOfLast(['a'], pace({ a: 10, b: 5 }))).toBe(2.5);
  });

  it('when any doctor will do, then the first doctor to free up takes the patient', () => {
    // a free at 0, b at 2: a takes the first, b the second (free at 6) and the third (free at 10); a, free at 10, takes mine.
    // a free at 5, b at 0: b takes the first two (free at 8), a the third; b, free at 8, takes mine. On average 9.
    expect(startOfLast([null, null, null, null], pace({ a: 10, b: 4 }))).toBe(9);
  });

  it('when patients ahead belong to another doctor, then they do not hold up mine', () => {
    expect(startOfLast(['b', 'b', 'b', 'a'], pace({ a: 10, b: 4 }))).toBe(2.5);
    expect(startOfLast(['a', 'b', 'a', 'a'], pace({ a: 10, b: 4 }))).toBe(22.5);
  });

  it('when a patient is assigned to a doctor outside the pool, then nobody waits for them; no eligible doctor is Infinity', () => {
    expect(startOfLast(['off', null], pace({ a: 10 }))).toBe(0);
    expect(startOfLast([null, 'off'], pace({ a: 10 }))).toBe(Infinity);
  });
});

/** A small seeded generator (LCG) so a failing case is reproducible from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DOCTORS = ['d1', 'd2', 'd3'];

/** A random day: some finished consultations per doctor (or none), then a random waiting queue. */
function randomDay(r: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const doctorIds = DOCTORS.slice(0, 1 + Math.floor(r() * DOCTORS.length));
  const entries: Entry[] = [];
  let t = T0;
  for (const d of doctorIds) {
    const done = pick([0, 2, 3, 6]);
    for (let i = 0; i < done; i++) {
      const ms = Math.floor((0.5 + r() * 30) * MIN);
      entries.push(entry(`h${entries.length}`, { doctorId: d, status: 'done', calledAt: t, endedAt: t + ms }));
      t += ms;
    }
  }
  const waiting = Math.floor(r() * 10);
  for (let i = 0; i < waiting; i++)
    entries.push(
      entry(`w${i}`, {
        status: 'waiting',
        doctorId: r() < 0.5 ? null : pick(doctorIds),
        priority: r() < 0.15 ? 'urgent' : 'normal',
        rank: `a${String(i).padStart(2, '0')}`,
      }),
    );
  return { entries, doctorIds, defaultMinutes: pick([5, 10, 15]), pick };
}

describe('waitFor and waitToJoin (properties)', () => {
  it('when someone is registered ahead, then neither end of the range comes earlier', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const day = randomDay(r);
      const me = entry('me', { status: 'waiting', doctorId: r() < 0.6 ? null : day.pick(day.doctorIds), rank: 'a50' });
      const input = { entries: [...day.entries, me], activeDoctorIds: day.doctorIds, defaultMinutes: day.defaultMinutes, now: NOW };
      const before = waitFor(input, 'me')!;
      // Ahead by rank, or by urgency whatever the rank.
      const urgent = r() < 0.3;
      const added = entry('new', {
        status: 'waiting',
        doctorId: r() < 0.5 ? null : day.pick(day.doctorIds),
        priority: urgent ? 'urgent' : 'normal',
        rank: urgent ? 'a99' : `a${String(Math.floor(r() * 50)).padStart(2, '0')}5`,
      });
      const after = waitFor({ ...input, entries: [...input.entries, added] }, 'me')!;
      expect(after.lowMs, `seed ${seed}`).toBeGreaterThanOrEqual(before.lowMs);
      expect(after.highMs, `seed ${seed}`).toBeGreaterThanOrEqual(before.highMs);
      expect(before.lowMs, `seed ${seed}`).toBeLessThanOrEqual(before.highMs);

      const join = waitToJoin(input, me.doctorId);
      const joinAfter = waitToJoin({ ...input, entries: [...input.entries, added] }, me.doctorId);
      expect(joinAfter.lowMs, `seed ${seed}`).toBeGreaterThanOrEqual(join.lowMs);
      expect(joinAfter.highMs, `seed ${seed}`).toBeGreaterThanOrEqual(join.highMs);
    }
  });

  it("when the patient waits for any doctor, then the start lies between the pool's at its fastest and at its slowest doctor's pace", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const ids = DOCTORS.slice(0, 1 + Math.floor(r() * DOCTORS.length));
      const paces = new Map(ids.map((id) => [id, Math.floor((1 + r() * 30) * MIN)]));
      const queue = Array.from({ length: Math.floor(r() * 12) }, () => (r() < 0.5 ? null : ids[Math.floor(r() * ids.length)]!));
      const all = (p: number) => new Map(ids.map((id) => [id, p]));
      const start = poolStart([...queue, null], paces);
      expect(start, `seed ${seed}`).toBeGreaterThanOrEqual(startOfLast([...queue, null], all(Math.min(...paces.values()))));
      expect(start, `seed ${seed}`).toBeLessThanOrEqual(startOfLast([...queue, null], all(Math.max(...paces.values()))));
    }
  });
});

describe('waitFor', () => {
  const waiting = (id: string, rank: string, doctorId: string | null = null) => entry(id, { status: 'waiting', rank, doctorId });

  it('is zero with nobody ahead, and null for an entry that is not waiting', () => {
    const input = { entries: [waiting('me', 'a0'), entry('x')], activeDoctorIds: ['d1'], defaultMinutes: 10, now: NOW };
    expect(waitFor(input, 'me')).toMatchObject({ lowMs: 0, highMs: 0 });
    expect(waitFor(input, 'x')).toBeNull();
  });

  it('when an any-doctor patient has six ahead and the day had only tapped-through calls, then the range is not 0–1 minute', () => {
    // Six calls finished seconds after they were made: skipped patients, not consultations.
    const tapped = Array.from({ length: 6 }, (_, i) =>
      entry(`t${i}`, { doctorId: i % 2 ? 'd1' : 'd2', calledAt: T0 + i * 10_000, endedAt: T0 + i * 10_000 + 5_000 }),
    );
    const ahead = Array.from({ length: 6 }, (_, i) => waiting(`w${i}`, `a${i}`, i === 2 ? 'd1' : null));
    const input = { entries: [...tapped, ...ahead, waiting('me', 'a9')], activeDoctorIds: ['d1', 'd2'], defaultMinutes: 15, now: NOW };
    // Two doctors at 15 min (22.5 pessimistic) through six patients: three rounds.
    expect(waitMinutes(waitFor(input, 'me')!)).toEqual({ low: 45, high: 68 });
  });

  it("when the doctors have their own history, then each works at their own pace and a new doctor at the clinic's", () => {
    const hist = (d: string, mins: number[]) =>
      mins.map((m, i) => entry(`${d}h${i}`, { doctorId: d, calledAt: T0 + i * 60 * MIN, endedAt: T0 + i * 60 * MIN + m * MIN }));
    const entries = [...hist('d1', [5, 5, 5]), ...hist('d2', [20, 20, 20]), waiting('w0', 'a0'), waiting('w1', 'a1'), waiting('me', 'a2')];
    // d1 (5 min) free at 0, d2 (20) at 10: d1 takes w0 and w1 and is free again at 10, first in the pool order: 10.
    // d1 free at 2.5, d2 at 0: d2 takes w0, d1 w1 and is free again at 7.5: 7.5. On average 8.75.
    expect(waitFor({ entries, activeDoctorIds: ['d1', 'd2'], defaultMinutes: 15, now: NOW }, 'me')).toEqual({
      lowMs: 8.75 * MIN,
      highMs: 8.75 * MIN,
      basis: 'history',
    });
    // d3 has no history: the clinic's median (12.5 of 5,5,5,20,20,20) stands in for the setting.
    const pool = waitFor({ entries, activeDoctorIds: ['d3'], defaultMinutes: 15, now: NOW }, 'me')!;
    expect(pool.lowMs).toBe(25 * MIN);
  });

  it('when no doctor is active yet, then the range still grows with the queue', () => {
    const entries = [waiting('w0', 'a0'), waiting('w1', 'a1'), waiting('me', 'a2')];
    expect(waitMinutes(waitFor({ entries, activeDoctorIds: [], defaultMinutes: 10, now: NOW }, 'me')!)).toEqual({ low: 20, high: 30 });
  });

  it("when the patient's doctor is not on duty, then they are planned with that doctor anyway", () => {
    const entries = [waiting('w0', 'a0', 'd9'), waiting('me', 'a1', 'd9')];
    // d9 joins the pool of two: free at 0 or 5 (7.5 pessimistic), then one consultation for w0.
    expect(waitMinutes(waitFor({ entries, activeDoctorIds: ['d1'], defaultMinutes: 10, now: NOW }, 'me')!)).toEqual({ low: 12, high: 19 });
  });

  it('when a patient ahead is running late, then they hold the others up only if back before their turn; the late one waits at least until their time', () => {
    // One doctor at 10 minutes (15 pessimistic); w1 said "20 minutes late".
    const late = (until: number) => [waiting('w0', 'a0'), { ...waiting('w1', 'a1'), lateUntil: NOW + until * MIN }, waiting('me', 'a2')];
    const wait = (entries: Entry[], id = 'me') =>
      waitMinutes(waitFor({ entries, activeDoctorIds: ['d1'], defaultMinutes: 10, now: NOW }, id)!);
    const onTime = [waiting('w0', 'a0'), waiting('w1', 'a1'), waiting('me', 'a2')];
    expect(wait(onTime)).toEqual({ low: 20, high: 30 });
    // Back in 20 minutes, after this patient's turn at 10: let past, one patient ahead.
    expect(wait(late(20))).toEqual({ low: 10, high: 15 });
    // Back in 5 minutes, before it: called first again, as if never late.
    expect(wait(late(5))).toEqual(wait(onTime));
    // Their time has passed: not late any more.
    expect(wait(late(-1))).toEqual(wait(onTime));
    // The late patient: their turn would come at 10, but not before their 20 minutes.
    expect(wait(late(20), 'w1')).toEqual({ low: 20, high: 20 });
    // A newcomer behind them is planned the same way.
    expect(waitMinutes(waitToJoin({ entries: late(40), activeDoctorIds: ['d1'], defaultMinutes: 10, now: NOW }, null))).toEqual({
      low: 20,
      high: 30,
    });
  });
});

describe('waitToJoin', () => {
  it('plans a newcomer at the back of the queue, per doctor or for any doctor', () => {
    const entries = [entry('w0', { status: 'waiting', rank: 'a0', doctorId: 'd1' }), entry('w1', { status: 'waiting', rank: 'a1' })];
    const input = { entries, activeDoctorIds: ['d1', 'd2'], defaultMinutes: 10, now: NOW };
    // For one doctor: after one patient, that doctor free at 0 or 5: 12.5 on average (18.75 pessimistic).
    expect(waitMinutes(waitToJoin(input, 'd1'))).toEqual({ low: 12, high: 19 });
    expect(waitMinutes(waitToJoin(input, 'd2'))).toEqual({ low: 12, high: 19 });
    // For any doctor: whoever of the two finishes their one patient first, at 10 either way.
    expect(waitMinutes(waitToJoin(input, null))).toEqual({ low: 10, high: 15 });
    expect(waitMinutes(waitToJoin({ ...input, entries: [] }, null))).toEqual({ low: 0, high: 0 });
  });
});

describe('recentDurations', () => {
  const entries = [
    entry('a', { doctorId: 'doc1', calledAt: T0, startedAt: T0 + MIN, endedAt: T0 + 11 * MIN }),
    entry('b', { doctorId: 'doc2', calledAt: T0, startedAt: T0, endedAt: T0 + 20 * MIN }),
    // Never started: counts from the call.
    entry('c', { doctorId: 'doc1', calledAt: T0 + 30 * MIN, endedAt: T0 + 35 * MIN }),
    entry('w', { status: 'waiting' }),
    entry('x', { status: 'cancelled', calledAt: T0, endedAt: T0 + 99 * MIN }),
    entry('n', { status: 'no_show', calledAt: T0, endedAt: T0 + 98 * MIN }),
    // No start at all: unusable.
    entry('z', { endedAt: T0 + 50 * MIN }),
  ];

  it('returns durations of done entries, latest first', () => {
    expect(recentDurations(entries, null)).toEqual([5 * MIN, 20 * MIN, 10 * MIN]);
  });

  it('filters by doctor', () => {
    expect(recentDurations(entries, 'doc1')).toEqual([5 * MIN, 10 * MIN]);
    expect(recentDurations(entries, 'doc3')).toEqual([]);
  });

  it('keeps only the latest `limit`', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      entry(`e${i}`, { startedAt: T0 + i * 10 * MIN, endedAt: T0 + i * 10 * MIN + (i + 1) * 1000 }),
    );
    const r = recentDurations(many, null);
    expect(r).toHaveLength(20);
    expect(r[0]).toBe(30_000);
    expect(r[19]).toBe(11_000);
    expect(recentDurations(many, null, 3)).toEqual([30_000, 29_000, 28_000]);
    expect(recentDurations(many, null, 0)).toEqual([]);
  });

  it('feeds paceOf', () => {
    expect(paceOf(recentDurations(entries, null), 15)).toMatchObject({ lowMs: 10 * MIN, basis: 'history' });
  });
});

describe('pauses in the ETA', () => {
  it('when the only doctor is on a break, then the wait starts when they are back', () => {
    const paces = new Map([['d1', 10 * MIN]]);
    const away = new Map([['d1', 25 * MIN]]);
    expect(startOfLast(['d1'], paces, away)).toBe(25 * MIN);
    expect(startOfLast(['d1', null, 'd1'], paces, away)).toBe(45 * MIN);
    // A break shorter than the consultation under way changes nothing: the doctor is busy anyway.
    expect(startOfLast(['d1', null], new Map([['d1', 10 * MIN]]), new Map())).toBe(10 * MIN);
  });

  it('when one of two doctors pauses, then an any-doctor patient goes to the other', () => {
    const paces = new Map([
      ['d1', 10 * MIN],
      ['d2', 10 * MIN],
    ]);
    const away = new Map([['d1', 60 * MIN]]);
    // d2 alone, staggered as the pool would be: at 0 or 5 minutes, then every 10.
    expect(poolStart([null, null, null], paces, away)).toBeLessThan(60 * MIN);
    expect(poolStart([null, null, null], paces, away)).toBeGreaterThan(poolStart([null, null, null], paces));
  });

  it('waitFor and waitToJoin read the pauses of the input', () => {
    const entries = [entry('a', { status: 'waiting', rank: 'a1', doctorId: 'd1' })];
    const input = { entries, activeDoctorIds: ['d1'], defaultMinutes: 10, now: NOW };
    const paused = { ...input, pausedMs: new Map([['d1', 30 * MIN]]) };
    expect(waitFor(paused, 'a')!.lowMs).toBe(30 * MIN);
    expect(waitToJoin(paused, 'd1').lowMs).toBe(40 * MIN);
    expect(waitToJoin(paused, 'd1').lowMs).toBeGreaterThan(waitToJoin(input, 'd1').lowMs);
  });
});

describe('pauses in the ETA (properties)', () => {
  it('when a doctor pauses, then no patient is told a shorter wait, at either end of the range', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const day = randomDay(r);
      const me = entry('me', { status: 'waiting', doctorId: r() < 0.6 ? null : day.pick(day.doctorIds), rank: 'a50' });
      const input = { entries: [...day.entries, me], activeDoctorIds: day.doctorIds, defaultMinutes: day.defaultMinutes, now: NOW };
      const pausedMs = new Map(day.doctorIds.filter(() => r() < 0.5).map((id) => [id, Math.floor(r() * 90 * MIN)]));
      const before = waitFor(input, 'me')!;
      const after = waitFor({ ...input, pausedMs }, 'me')!;
      expect(after.lowMs, `seed ${seed}`).toBeGreaterThanOrEqual(before.lowMs);
      expect(after.highMs, `seed ${seed}`).toBeGreaterThanOrEqual(before.highMs);
      expect(after.lowMs, `seed ${seed}`).toBeLessThanOrEqual(after.highMs);
      const join = waitToJoin({ ...input, pausedMs }, me.doctorId);
      expect(join.lowMs, `seed ${seed}`).toBeGreaterThanOrEqual(waitToJoin(input, me.doctorId).lowMs);
    }
  });

  it('when every doctor of the pool is away, then nobody starts before the first is back', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const ids = DOCTORS.slice(0, 1 + Math.floor(r() * DOCTORS.length));
      const paces = new Map(ids.map((id) => [id, Math.floor((1 + r() * 30) * MIN)]));
      const away = new Map(ids.map((id) => [id, Math.floor(r() * 120 * MIN)]));
      const queue = Array.from({ length: Math.floor(r() * 12) }, () => (r() < 0.5 ? null : ids[Math.floor(r() * ids.length)]!));
      const start = poolStart([...queue, null], paces, away);
      expect(start, `seed ${seed}`).toBeGreaterThanOrEqual(Math.min(...away.values()));
      // A patient of one doctor waits at least for that doctor's return.
      const mine = ids[Math.floor(r() * ids.length)]!;
      expect(poolStart([...queue, mine], paces, away), `seed ${seed}`).toBeGreaterThanOrEqual(away.get(mine)!);
    }
  });
});
