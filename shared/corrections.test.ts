import { describe, it, expect } from 'vitest';
import { Entry } from './schemas.ts';
import { arrivalRank, canRestore, correct, endedEarly, restore, transferAll, Correction } from './corrections.ts';
import { cancel, markNoShow, waitingQueue } from './queue.ts';
import { rankAfterLast } from './rank.ts';
import { ENTRY_DEFAULTS } from './doc-defaults.ts';

const T0 = 1_800_000_000_000;
const NOW = T0 + 3_600_000;
const MIN = 60_000;

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
    status: 'waiting',
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

/** Registered one a minute apart, in the order given: ranks as registration gives them. */
function day(specs: readonly [id: string, doctorId: string | null][]): Entry[] {
  const out: Entry[] = [];
  for (const [i, [id, doctorId]] of specs.entries()) {
    out.push(entry(id, { doctorId, arrivedAt: T0 + i * MIN, rank: rankAfterLast(out.map((e) => e.rank)) }));
  }
  return out;
}

const edit = (e: Entry, over: Partial<Correction> = {}): Correction => ({
  name: e.name,
  phone: e.phone,
  doctorId: e.doctorId,
  priority: e.priority,
  ...over,
});
const ids = (es: readonly Entry[]) => es.map((e) => e.id);
const withWrite = (es: readonly Entry[], w: Entry) => es.map((e) => (e.id === w.id ? w : e));

describe('Correction (the edit dialog at the boundary)', () => {
  it('trims and normalises the name, turns an empty phone into none, refuses what the server would', () => {
    expect(Correction.parse({ name: '  Ali ', phone: ' ', doctorId: null, priority: 'normal' })).toEqual({
      name: 'Ali',
      phone: null,
      doctorId: null,
      priority: 'normal',
    });
    expect(Correction.safeParse({ name: ' ', phone: '', doctorId: null, priority: 'normal' }).success).toBe(false);
    expect(Correction.safeParse({ name: 'A', phone: '06x', doctorId: null, priority: 'normal' }).success).toBe(false);
  });
});

describe('correct', () => {
  it('when the name or phone is fixed, then only identity changes, in one document', () => {
    const es = day([['a', 'd1']]);
    const out = correct(es[0]!, edit(es[0]!, { name: 'Amina', phone: '+216 22 000 000' }), es, NOW)!;
    expect(out).toMatchObject({ name: 'Amina', phone: '+216 22 000 000', rank: es[0]!.rank, doctorId: 'd1', updatedAt: NOW });
    expect(Entry.safeParse(out).success).toBe(true);
  });

  it('when nothing changes, or the visit is done, then there is nothing to write', () => {
    const es = day([['a', 'd1']]);
    expect(correct(es[0]!, edit(es[0]!), es, NOW)).toBeNull();
    const done = { ...es[0]!, status: 'done' as const };
    expect(correct(done, edit(done, { name: 'X' }), [done], NOW)).toBeNull();
  });

  it('when a patient is sent to another doctor, then they take their arrival place in that queue, not the back', () => {
    // b arrived second and was sent to d1 by mistake; d2's queue is a, c, e (arrival order).
    const es = day([
      ['a', 'd2'],
      ['b', 'd1'],
      ['c', 'd2'],
      ['d', 'd1'],
      ['e', 'd2'],
    ]);
    const b = es[1]!;
    const moved = correct(b, edit(b, { doctorId: 'd2' }), es, NOW)!;
    expect(moved.doctorId).toBe('d2');
    expect(ids(waitingQueue(withWrite(es, moved), 'd2'))).toEqual(['a', 'b', 'c', 'e']);
    expect(ids(waitingQueue(withWrite(es, moved), 'd1'))).toEqual(['d']);
  });

  it('when the new queue was reordered by hand, then the patient lands after the last earlier arrival, passing nobody who came first', () => {
    const es = day([
      ['a', 'd2'],
      ['b', 'd1'],
      ['c', 'd2'],
    ]);
    // c was moved ahead of a at the desk.
    const reordered = withWrite(es, { ...es[2]!, rank: 'Zz' });
    expect(ids(waitingQueue(reordered, 'd2'))).toEqual(['c', 'a']);
    const moved = correct(es[1]!, edit(es[1]!, { doctorId: 'd2' }), reordered, NOW)!;
    expect(ids(waitingQueue(withWrite(reordered, moved), 'd2'))).toEqual(['c', 'a', 'b']);
  });

  it('when a patient becomes urgent or normal, then they keep their arrival place within the new band', () => {
    const es = day([
      ['a', null],
      ['b', null],
      ['c', null],
    ]).map((e) => (e.id === 'c' ? e : { ...e, priority: 'urgent' as const }));
    const c = es[2]!;
    const urgent = correct(c, edit(c, { priority: 'urgent' }), es, NOW)!;
    expect(ids(waitingQueue(withWrite(es, urgent)))).toEqual(['a', 'b', 'c']);
    const a = es[0]!;
    const normal = correct(a, edit(a, { priority: 'normal' }), es, NOW)!;
    expect(ids(waitingQueue(withWrite(es, normal)))).toEqual(['b', 'a', 'c']);
  });

  it('when a patient already called is corrected, then the call stays and only the doctor changes', () => {
    const called = entry('a', { status: 'called', doctorId: 'd1', calledAt: NOW - MIN });
    const out = correct(called, edit(called, { doctorId: 'd2' }), [called], NOW)!;
    expect(out).toMatchObject({ status: 'called', doctorId: 'd2', calledAt: NOW - MIN, rank: called.rank });
  });
});

describe('arrivalRank and transferAll', () => {
  it('when moving to any doctor, then the patient sorts by arrival among every waiting patient', () => {
    const es = day([
      ['a', 'd1'],
      ['b', 'd2'],
      ['c', null],
    ]);
    const b = { ...es[1]!, doctorId: null };
    const rank = arrivalRank(es, b);
    expect(ids(waitingQueue(withWrite(es, { ...b, rank })))).toEqual(['a', 'b', 'c']);
  });

  it("when a doctor is absent, then their waiting patients join the other's queue in arrival order, one document each", () => {
    const es = day([
      ['a', 'd1'],
      ['b', 'd2'],
      ['c', 'd1'],
      ['d', 'd2'],
      ['e', 'd2'],
      ['f', 'd1'],
    ]);
    // Rank order no longer equals arrival order: the desk moved e to the front of d2's queue.
    const moved = withWrite(es, { ...es[4]!, rank: 'Zz' });
    const writes = transferAll(moved, 'd2', 'd1', NOW);
    expect(ids(writes)).toEqual(['b', 'd', 'e']);
    expect(writes.every((w) => w.doctorId === 'd1' && w.updatedAt === NOW)).toBe(true);
    const after = writes.reduce(withWrite, moved);
    expect(ids(waitingQueue(after, 'd1'))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(new Set(writes.map((w) => w.rank)).size).toBe(3);
  });

  it('when the absent doctor had nobody waiting, then nothing is written; called patients are left to their card', () => {
    const es = [entry('a', { status: 'called', doctorId: 'd2' }), ...day([['b', 'd1']])];
    expect(transferAll(es, 'd2', null, NOW)).toEqual([]);
  });
});

describe('restore', () => {
  it('when a cancel is undone, then the patient is back at their place with the reason cleared', () => {
    const es = day([
      ['a', null],
      ['b', null],
      ['c', null],
    ]);
    const cancelled = cancel(es[1]!, 'left', NOW - MIN)!;
    const back = restore(cancelled, NOW)!;
    expect(back).toMatchObject({ status: 'waiting', cancelReason: null, endedAt: null, calledAt: null, rank: es[1]!.rank, updatedAt: NOW });
    expect(ids(waitingQueue(withWrite(es, back)))).toEqual(['a', 'b', 'c']);
    expect(Entry.safeParse(back).success).toBe(true);
  });

  it('when a no-show is restored, then they come back to their own place (not second, as a recall would)', () => {
    const es = day([
      ['a', null],
      ['b', null],
      ['c', null],
      ['d', null],
    ]);
    const gone = markNoShow(es[3]!, NOW - MIN)!;
    const back = restore(gone, NOW)!;
    expect(ids(waitingQueue(withWrite(es, back)))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('only cancelled and no-show visits can be restored; the list shows them latest first', () => {
    for (const status of ['waiting', 'called', 'in_consultation', 'done', 'expected', 'not_seen'] as const) {
      expect(restore(entry('a', { status }), NOW)).toBeNull();
      expect(canRestore({ status })).toBe(false);
    }
    const list = endedEarly([
      entry('x', { status: 'cancelled', endedAt: NOW - 2 * MIN }),
      entry('y', { status: 'waiting' }),
      entry('z', { status: 'no_show', endedAt: NOW - MIN }),
    ]);
    expect(ids(list)).toEqual(['z', 'x']);
  });
});

describe('transfers keep arrival order (property)', () => {
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const DOCTORS = ['d1', 'd2', 'd3', null] as const;

  it('when queues in registration order are merged by transfers or single corrections, then every queue stays in arrival order within its band', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
      let es = day(Array.from({ length: 2 + Math.floor(r() * 14) }, (_, i) => [`p${i}`, pick(DOCTORS)] as [string, string | null])).map(
        (e) => (r() < 0.2 ? { ...e, priority: 'urgent' as const } : e),
      );
      const from = pick(['d1', 'd2', 'd3']);
      const to = pick(DOCTORS.filter((d) => d !== from));
      if (r() < 0.5) {
        for (const w of transferAll(es, from, to, NOW)) es = withWrite(es, w);
      } else {
        const e = pick(es);
        const w = correct(e, edit(e, { doctorId: to }), es, NOW);
        if (w) es = withWrite(es, w);
      }
      for (const view of DOCTORS) {
        const q = waitingQueue(es, view);
        for (const band of ['urgent', 'normal'] as const) {
          const arrivals = q.filter((e) => e.priority === band).map((e) => e.arrivedAt);
          expect(arrivals, `seed ${seed}, view ${view}`).toEqual([...arrivals].sort((a, b) => a - b));
        }
      }
    }
  });
});
