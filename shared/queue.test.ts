import { describe, it, expect } from 'vitest';
import { Entry } from './schemas.ts';
import {
  callNext,
  cancel,
  compareQueueOrder,
  finish,
  inDoctorQueue,
  markNoShow,
  moveDown,
  moveTo,
  moveUp,
  positionOf,
  recall,
  setUrgent,
  startConsultation,
  waitingQueue,
} from './queue.ts';
import { rankAfterLast } from './rank.ts';
import { ENTRY_DEFAULTS } from './doc-defaults.ts';

const T0 = 1_800_000_000_000;
const NOW = T0 + 3_600_000;

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

/** Ranks in the given order, one per id, as if issued one after another. */
function line(ids: readonly string[], over: Partial<Entry> = {}): Entry[] {
  const out: Entry[] = [];
  for (const id of ids) out.push(entry(id, { rank: rankAfterLast(out.map((e) => e.rank)), ...over }));
  return out;
}

function frozen(entries: Entry[]): readonly Entry[] {
  for (const e of entries) Object.freeze(e);
  return Object.freeze(entries);
}

const ids = (es: readonly Entry[]) => es.map((e) => e.id);

function apply(entries: readonly Entry[], changed: readonly (Entry | null)[]): Entry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const c of changed) if (c) byId.set(c.id, c);
  return [...byId.values()];
}

describe('compareQueueOrder', () => {
  it('puts urgent before normal regardless of rank', () => {
    const a = entry('a', { rank: 'a0' });
    const b = entry('b', { rank: 'a9', priority: 'urgent' });
    expect(compareQueueOrder(b, a)).toBeLessThan(0);
    expect(compareQueueOrder(a, b)).toBeGreaterThan(0);
  });

  it('orders by rank in code-unit order', () => {
    const a = entry('a', { rank: 'Zz' });
    const b = entry('b', { rank: 'a0' });
    expect([b, a].sort(compareQueueOrder).map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('breaks equal ranks by id so every device derives the same order', () => {
    const x = entry('x', { rank: 'a1' });
    const m = entry('m', { rank: 'a1' });
    const B = entry('B', { rank: 'a1' });
    const expected = ['B', 'm', 'x'];
    expect(ids([x, m, B].sort(compareQueueOrder))).toEqual(expected);
    expect(ids([B, x, m].sort(compareQueueOrder))).toEqual(expected);
    expect(ids([m, B, x].sort(compareQueueOrder))).toEqual(expected);
  });
});

describe('waitingQueue / inDoctorQueue', () => {
  const entries = frozen([
    entry('n1', { rank: 'a1' }),
    entry('d1', { rank: 'a2', doctorId: 'doc1' }),
    entry('d2', { rank: 'a0', doctorId: 'doc2' }),
    entry('u1', { rank: 'a5', priority: 'urgent' }),
    entry('c1', { rank: 'a0', status: 'called', doctorId: 'doc1' }),
    entry('x1', { rank: 'a0', status: 'cancelled' }),
    entry('ns', { rank: 'a0', status: 'no_show' }),
  ]);

  it('null doctor is the all-doctors view', () => {
    expect(ids(waitingQueue(entries))).toEqual(['u1', 'd2', 'n1', 'd1']);
    expect(inDoctorQueue(entries[1]!, null)).toBe(true);
  });

  it('a doctor sees their own and unassigned patients', () => {
    expect(ids(waitingQueue(entries, 'doc1'))).toEqual(['u1', 'n1', 'd1']);
    expect(ids(waitingQueue(entries, 'doc2'))).toEqual(['u1', 'd2', 'n1']);
    expect(inDoctorQueue(entries[2]!, 'doc1')).toBe(false);
  });

  it('does not reorder its input', () => {
    const before = ids(entries);
    waitingQueue(entries);
    expect(ids(entries)).toEqual(before);
  });
});

describe('positionOf', () => {
  const entries = frozen([
    entry('n1', { rank: 'a1' }),
    entry('d1', { rank: 'a2', doctorId: 'doc1' }),
    entry('d2', { rank: 'a0', doctorId: 'doc2' }),
    entry('u1', { rank: 'a5', priority: 'urgent' }),
    entry('c1', { rank: 'a0', status: 'called', doctorId: 'doc1' }),
  ]);

  it("defaults to the entry's own doctor queue", () => {
    expect(positionOf(entries, 'd1')).toEqual({ position: 3, ahead: 2 });
    expect(positionOf(entries, 'd2')).toEqual({ position: 2, ahead: 1 });
    expect(positionOf(entries, 'u1')).toEqual({ position: 1, ahead: 0 });
    // Unassigned: any doctor may take them, so everyone waiting counts.
    expect(positionOf(entries, 'n1')).toEqual({ position: 3, ahead: 2 });
  });

  it('can be asked for another view', () => {
    expect(positionOf(entries, 'n1', 'doc1')).toEqual({ position: 2, ahead: 1 });
    expect(positionOf(entries, 'd1', null)).toEqual({ position: 4, ahead: 3 });
    expect(positionOf(entries, 'd1', 'doc2')).toBeNull();
  });

  it('is null for entries not waiting or unknown', () => {
    expect(positionOf(entries, 'c1')).toBeNull();
    expect(positionOf(entries, 'nope')).toBeNull();
  });
});

describe('transitions', () => {
  const waiting = Object.freeze(entry('w'));
  const called = Object.freeze(entry('c', { status: 'called', calledAt: T0 + 10, doctorId: 'doc1' }));
  const inConsult = Object.freeze(entry('i', { status: 'in_consultation', calledAt: T0 + 10, startedAt: T0 + 20 }));
  const done = Object.freeze(entry('d', { status: 'done', endedAt: T0 }));
  const noShow = Object.freeze(entry('n', { status: 'no_show', calledAt: T0, endedAt: T0 + 5 }));
  const cancelled = Object.freeze(entry('x', { status: 'cancelled', endedAt: T0 }));
  const all = [waiting, called, inConsult, done, noShow, cancelled];

  it('startConsultation: called → in_consultation', () => {
    expect(startConsultation(called, NOW)).toMatchObject({ status: 'in_consultation', startedAt: NOW, updatedAt: NOW });
    for (const e of all.filter((e) => e !== called)) expect(startConsultation(e, NOW)).toBeNull();
  });

  it('finish: called | in_consultation → done', () => {
    expect(finish(inConsult, NOW)).toMatchObject({ status: 'done', startedAt: T0 + 20, endedAt: NOW, updatedAt: NOW });
    // Never started: the call stands in for the start.
    expect(finish(called, NOW)).toMatchObject({ status: 'done', startedAt: T0 + 10, endedAt: NOW });
    for (const e of [waiting, done, noShow, cancelled]) expect(finish(e, NOW)).toBeNull();
  });

  it('markNoShow: waiting | called → no_show', () => {
    expect(markNoShow(waiting, NOW)).toMatchObject({ status: 'no_show', endedAt: NOW, updatedAt: NOW });
    expect(markNoShow(called, NOW)).toMatchObject({ status: 'no_show', endedAt: NOW });
    for (const e of [inConsult, done, noShow, cancelled]) expect(markNoShow(e, NOW)).toBeNull();
  });

  it('cancel: waiting | called | no_show → cancelled', () => {
    for (const e of [waiting, called, noShow]) {
      expect(cancel(e, NOW)).toMatchObject({ status: 'cancelled', endedAt: NOW, updatedAt: NOW });
    }
    for (const e of [inConsult, done, cancelled]) expect(cancel(e, NOW)).toBeNull();
  });

  it('setUrgent: only for waiting entries, null when nothing changes', () => {
    const urgent = setUrgent(waiting, true, NOW);
    expect(urgent).toMatchObject({ priority: 'urgent', rank: waiting.rank, updatedAt: NOW });
    expect(setUrgent(urgent!, false, NOW)).toMatchObject({ priority: 'normal' });
    expect(setUrgent(waiting, false, NOW)).toBeNull();
    for (const e of [called, inConsult, done, noShow, cancelled]) expect(setUrgent(e, true, NOW)).toBeNull();
  });

  it('returns valid documents and never mutates (inputs are frozen)', () => {
    const results = [
      startConsultation(called, NOW),
      finish(inConsult, NOW),
      markNoShow(waiting, NOW),
      cancel(noShow, NOW),
      setUrgent(waiting, true, NOW),
    ];
    for (const r of results) expect(Entry.safeParse(r).success).toBe(true);
    expect(waiting.status).toBe('waiting');
  });
});

describe('recall', () => {
  it('brings a no-show back second in their queue', () => {
    const entries = line(['a', 'b', 'c']);
    const ns = entry('ns', { status: 'no_show', rank: 'a0', calledAt: T0, endedAt: T0 + 1 });
    const all = frozen([...entries, ns]);
    const r = recall(ns, all, NOW)!;
    expect(r).toMatchObject({ status: 'waiting', calledAt: null, startedAt: null, endedAt: null, updatedAt: NOW });
    expect(Entry.safeParse(r).success).toBe(true);
    expect(ids(waitingQueue(apply(all, [r])))).toEqual(['a', 'ns', 'b', 'c']);
  });

  it('comes back second within their priority band, in their doctor queue', () => {
    const all = frozen([
      ...line(['u1', 'u2'], { priority: 'urgent' }),
      entry('other', { rank: 'Zz', doctorId: 'doc2' }),
      ...line(['n1', 'n2']).map((e) => ({ ...e, doctorId: 'doc1' })),
    ]);
    const ns = entry('ns', { status: 'no_show', doctorId: 'doc1', rank: 'a9' });
    const r = recall(ns, all, NOW)!;
    expect(ids(waitingQueue(apply(all, [r]), 'doc1'))).toEqual(['u1', 'u2', 'n1', 'ns', 'n2']);
  });

  it('handles empty and single-entry queues', () => {
    const ns = entry('ns', { status: 'no_show', rank: 'a5' });
    const r0 = recall(ns, [], NOW)!;
    expect(r0.status).toBe('waiting');
    const one = [entry('a', { rank: 'a7' })];
    expect(ids(waitingQueue(apply(one, [recall(ns, one, NOW)])))).toEqual(['a', 'ns']);
  });

  it('stays near the front even when the first ranks are tied', () => {
    const all = [entry('a', { rank: 'a1' }), entry('b', { rank: 'a1' }), entry('c', { rank: 'a1V' }), entry('d', { rank: 'a2' })];
    const r = recall(entry('ns', { status: 'no_show' }), all, NOW)!;
    // No key fits between equal ranks; it must still not be pushed past unrelated entries.
    expect(ids(waitingQueue(apply(all, [r])))).toEqual(['a', 'b', 'ns', 'c', 'd']);
  });

  it('is refused unless no_show', () => {
    expect(recall(entry('w'), [], NOW)).toBeNull();
    expect(recall(entry('d', { status: 'done' }), [], NOW)).toBeNull();
  });
});

describe('callNext', () => {
  it('calls the first waiting patient and assigns the doctor', () => {
    const all = frozen(line(['a', 'b']));
    const changed = callNext(all, 'doc1', NOW);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ id: 'a', status: 'called', calledAt: NOW, doctorId: 'doc1', updatedAt: NOW });
  });

  it("ends the doctor's current patient and calls the next", () => {
    const all = frozen([
      ...line(['a', 'b']),
      entry('cur', { status: 'in_consultation', doctorId: 'doc1', calledAt: T0, startedAt: T0 + 60_000 }),
      entry('other', { status: 'called', doctorId: 'doc2', calledAt: T0 }),
    ]);
    const changed = callNext(all, 'doc1', NOW);
    expect(changed).toHaveLength(2);
    expect(changed[0]).toMatchObject({ id: 'cur', status: 'done', startedAt: T0 + 60_000, endedAt: NOW, updatedAt: NOW });
    expect(changed[1]).toMatchObject({ id: 'a', status: 'called', doctorId: 'doc1' });
  });

  it('sets startedAt from calledAt when the consultation was never started', () => {
    const all = [entry('cur', { status: 'called', doctorId: 'doc1', calledAt: T0 })];
    expect(callNext(all, 'doc1', NOW)).toEqual([expect.objectContaining({ id: 'cur', status: 'done', startedAt: T0, endedAt: NOW })]);
  });

  it('takes urgent patients first and skips other doctors', () => {
    const all = [
      entry('mine', { rank: 'a0', doctorId: 'doc1' }),
      entry('theirs', { rank: 'a0', doctorId: 'doc2', priority: 'urgent' }),
      entry('urg', { rank: 'a9', priority: 'urgent' }),
    ];
    expect(callNext(all, 'doc1', NOW)[0]?.id).toBe('urg');
    expect(callNext(all, 'doc2', NOW)[0]?.id).toBe('theirs');
  });

  it('returns [] when there is nothing to do', () => {
    expect(callNext([], 'doc1', NOW)).toEqual([]);
    expect(callNext([entry('x', { status: 'done' }), entry('y', { doctorId: 'doc2' })], 'doc1', NOW)).toEqual([]);
  });

  it('with no doctor, only unassigned patients are current or next', () => {
    const all = [
      entry('assigned', { rank: 'a0', doctorId: 'doc1' }),
      entry('free', { rank: 'a5' }),
      entry('curDoc', { status: 'called', doctorId: 'doc1', calledAt: T0 }),
      entry('cur', { status: 'called', calledAt: T0 }),
    ];
    const changed = callNext(all, null, NOW);
    expect(changed.map((e) => [e.id, e.status, e.doctorId])).toEqual([
      ['cur', 'done', null],
      ['free', 'called', null],
    ]);
  });

  it('writes at most two documents with 500 waiting and two concurrent currents', () => {
    const all = frozen([
      ...line(Array.from({ length: 500 }, (_, i) => `p${String(i).padStart(3, '0')}`)),
      entry('cur2', { status: 'called', doctorId: 'doc1', calledAt: T0 + 5 }),
      entry('cur1', { status: 'called', doctorId: 'doc1', calledAt: T0 }),
    ]);
    const changed = callNext(all, 'doc1', NOW);
    expect(ids(changed)).toEqual(['cur1', 'p000']);
    for (const c of changed) expect(Entry.safeParse(c).success).toBe(true);
  });
});

describe('moveTo / moveUp / moveDown', () => {
  it('moves within the queue with a single new rank', () => {
    const all = frozen(line(['a', 'b', 'c', 'd']));
    const m = moveTo(all, 'd', 1, NOW)!;
    expect(m).toMatchObject({ id: 'd', updatedAt: NOW });
    expect(Entry.safeParse(m).success).toBe(true);
    expect(ids(waitingQueue(apply(all, [m])))).toEqual(['a', 'd', 'b', 'c']);
    expect(ids(waitingQueue(apply(all, [moveTo(all, 'a', 3, NOW)])))).toEqual(['b', 'c', 'd', 'a']);
    expect(ids(waitingQueue(apply(all, [moveTo(all, 'c', 0, NOW)])))).toEqual(['c', 'a', 'b', 'd']);
  });

  it('returns null when unchanged or invalid', () => {
    const all = [...line(['a', 'b']), entry('done', { status: 'done' })];
    expect(moveTo(all, 'a', 0, NOW)).toBeNull();
    expect(moveTo(all, 'a', -3, NOW)).toBeNull();
    expect(moveTo(all, 'b', 9, NOW)).toBeNull();
    expect(moveTo(all, 'a', 0.5, NOW)).toBeNull();
    expect(moveTo(all, 'a', Number.NaN, NOW)).toBeNull();
    expect(moveTo(all, 'nope', 0, NOW)).toBeNull();
    expect(moveTo(all, 'done', 0, NOW)).toBeNull();
    expect(moveUp(all, 'a', NOW)).toBeNull();
    expect(moveDown(all, 'b', NOW)).toBeNull();
  });

  it('clamps a normal entry below the urgent band', () => {
    const all = [...line(['u1', 'u2'], { priority: 'urgent' }), ...line(['n1', 'n2', 'n3'])];
    const m = moveTo(all, 'n3', 0, NOW)!;
    expect(ids(waitingQueue(apply(all, [m])))).toEqual(['u1', 'u2', 'n3', 'n1', 'n2']);
    expect(moveTo(all, 'n1', 1, NOW)).toBeNull();
    expect(moveUp(all, 'n1', NOW)).toBeNull();
  });

  it('clamps an urgent entry above the normal band', () => {
    const all = [...line(['u1', 'u2'], { priority: 'urgent' }), ...line(['n1', 'n2'])];
    const m = moveTo(all, 'u1', 4, NOW)!;
    expect(ids(waitingQueue(apply(all, [m])))).toEqual(['u2', 'u1', 'n1', 'n2']);
    expect(moveDown(all, 'u2', NOW)).toBeNull();
  });

  it('moves up and down by one', () => {
    const all = line(['a', 'b', 'c']);
    expect(ids(waitingQueue(apply(all, [moveUp(all, 'c', NOW)])))).toEqual(['a', 'c', 'b']);
    expect(ids(waitingQueue(apply(all, [moveDown(all, 'a', NOW)])))).toEqual(['b', 'a', 'c']);
  });

  it("uses the entry's doctor queue by default, or the view given", () => {
    const all = [
      entry('a', { rank: 'a1', doctorId: 'doc1' }),
      entry('x', { rank: 'a2', doctorId: 'doc2' }),
      entry('b', { rank: 'a3', doctorId: 'doc1' }),
    ];
    // In doc1's queue b is second: moving up puts it before a.
    expect(ids(waitingQueue(apply(all, [moveUp(all, 'b', NOW)]), 'doc1'))).toEqual(['b', 'a']);
    // In the all-doctors view b is third: moving up puts it before x only.
    expect(ids(waitingQueue(apply(all, [moveUp(all, 'b', NOW, null)])))).toEqual(['a', 'b', 'x']);
    expect(moveTo(all, 'b', 0, NOW, 'doc2')).toBeNull();
  });

  it('does not throw and stays valid among tied ranks', () => {
    const all = [entry('a', { rank: 'a1' }), entry('b', { rank: 'a1' }), entry('c', { rank: 'a1' }), entry('d', { rank: 'a2' })];
    const m = moveTo(all, 'd', 1, NOW)!;
    expect(Entry.safeParse(m).success).toBe(true);
    // It cannot land between equal ranks, so it lands right after the tie, before nothing unrelated.
    expect(ids(waitingQueue(apply(all, [m])))).toEqual(['a', 'b', 'c', 'd']);
    const first = moveTo(all, 'c', 0, NOW)!;
    expect(ids(waitingQueue(apply(all, [first])))).toEqual(['c', 'a', 'b', 'd']);
  });
});

describe('reordering matches an array model (seeded random)', () => {
  function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  for (const seed of [1, 42, 2026]) {
    it(`seed ${seed}: 200 random moves`, () => {
      const rand = mulberry32(seed);
      const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
      let entries: Entry[] = [];
      for (let i = 0; i < 12; i++) {
        entries.push(entry(`e${i}`, { rank: rankAfterLast(entries.map((e) => e.rank)), priority: rand() < 0.3 ? 'urgent' : 'normal' }));
      }
      const priorityOf = new Map(entries.map((e) => [e.id, e.priority]));
      let model = ids(waitingQueue(entries));

      for (let step = 0; step < 200; step++) {
        const id = model[int(0, model.length - 1)]!;
        const from = model.indexOf(id);
        const op = int(0, 2);
        const target = op === 0 ? int(-2, model.length + 1) : op === 1 ? from - 1 : from + 1;

        const rest = model.filter((x) => x !== id);
        const urgentCount = rest.filter((x) => priorityOf.get(x) === 'urgent').length;
        const [lo, hi] = priorityOf.get(id) === 'urgent' ? [0, urgentCount] : [urgentCount, rest.length];
        const to = Math.min(Math.max(target, lo), hi);

        const changed =
          op === 0
            ? moveTo(entries, id, target, NOW + step)
            : op === 1
              ? moveUp(entries, id, NOW + step)
              : moveDown(entries, id, NOW + step);
        if (to === from) {
          expect(changed).toBeNull();
        } else {
          expect(changed).not.toBeNull();
          expect(Entry.safeParse(changed).success).toBe(true);
          rest.splice(to, 0, id);
          model = rest;
          entries = apply(entries, [changed]);
        }
        expect(ids(waitingQueue(entries))).toEqual(model);
      }
    });
  }
});
