import { describe, it, expect } from 'vitest';
import type { Entry } from './schemas.ts';
import { clearLate, decidePatientAction, markArrived } from './patient-actions.ts';
import { callNext, positionOf, waitingQueue } from './queue.ts';
import { waitToJoin } from './eta.ts';
import { rankAfterLast } from './rank.ts';
import { ENTRY_DEFAULTS } from './doc-defaults.ts';

const T0 = 1_800_000_000_000;
const NOW = T0 + 3_600_000;
const MINUTE = 60_000;

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
    source: 'self',
    arrivedAt: T0,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    ...ENTRY_DEFAULTS,
    updatedAt: T0,
    ...over,
  };
}

function line(ids: readonly string[], over: Partial<Entry> = {}): Entry[] {
  const out: Entry[] = [];
  for (const id of ids) out.push(entry(id, { rank: rankAfterLast(out.map((e) => e.rank)), ...over }));
  return Object.freeze(out.map((e) => Object.freeze(e))) as Entry[];
}

const byId = (es: readonly Entry[], id: string) => es.find((e) => e.id === id)!;
const replace = (es: readonly Entry[], e: Entry) => es.map((x) => (x.id === e.id ? e : x));

describe("I'm running late", () => {
  it('when a waiting patient is late, then others are called before them and their place is kept', () => {
    const all = line(['a', 'b', 'c']);
    const d = decidePatientAction(all, byId(all, 'a'), { action: 'late', minutes: 10 }, NOW);
    expect(d).toEqual({ ok: true, entry: expect.objectContaining({ id: 'a', lateUntil: NOW + 10 * MINUTE, rank: byId(all, 'a').rank }) });
    const after = replace(all, d.ok ? d.entry! : byId(all, 'a'));
    // Still first in line as the reception sees it...
    expect(positionOf(after, 'a')).toEqual({ position: 1, ahead: 0 });
    // ...but the next call takes b, and c after it while a is still late.
    expect(callNext(after, 'doc1', NOW + MINUTE).map((e) => e.id)).toEqual(['b']);
    // Once the time has passed, a is next again: the right to their place is kept.
    expect(callNext(after, 'doc1', NOW + 11 * MINUTE).map((e) => e.id)).toEqual(['a']);
  });

  it('when only late patients wait, then the first of them is called rather than nobody', () => {
    const all = line(['a', 'b'], { lateUntil: NOW + 5 * MINUTE });
    expect(callNext(all, 'doc1', NOW).map((e) => e.id)).toEqual(['a']);
  });

  it('when the same choice is sent again (a retry), then nothing is written', () => {
    const e = entry('a', { lateUntil: NOW + 20 * MINUTE });
    expect(decidePatientAction([e], e, { action: 'late', minutes: 20 }, NOW + 5_000)).toEqual({ ok: true, entry: null });
  });

  it('when the patient has been called, then it is refused', () => {
    const e = entry('a', { status: 'called', calledAt: NOW });
    expect(decidePatientAction([e], e, { action: 'late', minutes: 10 }, NOW)).toEqual({ ok: false, code: 'not_allowed' });
  });

  it('when the reception clears it, then the patient is called in their place again', () => {
    const all = line(['a', 'b'], { lateUntil: NOW + 30 * MINUTE });
    const cleared = clearLate(byId(all, 'a'), NOW)!;
    expect(cleared).toMatchObject({ lateUntil: null, rank: byId(all, 'a').rank, updatedAt: NOW });
    expect(callNext(replace(all, cleared), 'doc1', NOW).map((e) => e.id)).toEqual(['a']);
    expect(clearLate(entry('x'), NOW)).toBeNull();
  });
});

describe('let others pass', () => {
  it('when a patient lets others pass, then one write puts them behind the next patient of their queue', () => {
    const all = line(['a', 'b', 'c']);
    const d = decidePatientAction(all, byId(all, 'a'), { action: 'let_pass' }, NOW);
    if (!d.ok || !d.entry) throw new Error('expected a write');
    expect(d.entry.id).toBe('a');
    expect(waitingQueue(replace(all, d.entry)).map((e) => e.id)).toEqual(['b', 'a', 'c']);
  });

  it('when another doctor’s patient stands between, then only the own queue counts', () => {
    const all = line(['a', 'x', 'b']).map((e) => (e.id === 'x' ? { ...e, doctorId: 'doc2' } : { ...e, doctorId: 'doc1' }));
    const d = decidePatientAction(all, byId(all, 'a'), { action: 'let_pass' }, NOW);
    if (!d.ok || !d.entry) throw new Error('expected a write');
    expect(waitingQueue(replace(all, d.entry), 'doc1').map((e) => e.id)).toEqual(['b', 'a']);
  });

  it('when nobody waits behind, then it is refused as last in queue', () => {
    const all = line(['a', 'b']);
    expect(decidePatientAction(all, byId(all, 'b'), { action: 'let_pass' }, NOW)).toEqual({ ok: false, code: 'last_in_queue' });
  });
});

describe('cancel my visit', () => {
  it('when a waiting patient cancels, then the visit is cancelled by the patient, and a retry writes nothing', () => {
    const e = entry('a', { lateUntil: NOW + MINUTE });
    const d = decidePatientAction([e], e, { action: 'cancel' }, NOW);
    if (!d.ok || !d.entry) throw new Error('expected a write');
    expect(d.entry).toMatchObject({ status: 'cancelled', cancelReason: 'patient', lateUntil: null, endedAt: NOW });
    expect(decidePatientAction([d.entry], d.entry, { action: 'cancel' }, NOW)).toEqual({ ok: true, entry: null });
  });

  it('when the patient is already in consultation, then it is refused', () => {
    const e = entry('a', { status: 'in_consultation' });
    expect(decidePatientAction([e], e, { action: 'cancel' }, NOW)).toEqual({ ok: false, code: 'not_allowed' });
  });
});

describe("expected patients and I'm here", () => {
  it('when a patient is expected, then nobody counts them: not in the queue, not ahead of anyone, not callable', () => {
    const all = [...line(['a', 'b']), entry('exp', { status: 'expected', rank: '00' })];
    expect(waitingQueue(all).map((e) => e.id)).toEqual(['a', 'b']);
    expect(positionOf(all, 'b')).toEqual({ position: 2, ahead: 1 });
    expect(positionOf(all, 'exp')).toBeNull();
    expect(callNext([entry('exp', { status: 'expected' })], 'doc1', NOW)).toEqual([]);
    const eta = { activeDoctorIds: ['doc1'], defaultMinutes: 10, now: 0 };
    expect(waitToJoin({ ...eta, entries: all }, null)).toEqual(waitToJoin({ ...eta, entries: line(['a', 'b']) }, null));
  });

  it("when they say I'm here, then they join at the end of the queue as it is then, in one write", () => {
    const exp = entry('exp', { status: 'expected', rank: '00' });
    const all = [...line(['a', 'b']), exp];
    const d = decidePatientAction(all, exp, { action: 'here' }, NOW);
    if (!d.ok || !d.entry) throw new Error('expected a write');
    expect(d.entry).toMatchObject({ status: 'waiting', arrivedAt: NOW });
    expect(waitingQueue(replace(all, d.entry)).map((e) => e.id)).toEqual(['a', 'b', 'exp']);
    expect(markArrived(all, exp, NOW)).toEqual(d.entry);
    // Sent again: already waiting, nothing to write.
    expect(decidePatientAction(all, d.entry, { action: 'here' }, NOW)).toEqual({ ok: true, entry: null });
  });

  it("when a patient who is waiting already is cancelled, then I'm here is refused", () => {
    const e = entry('a', { status: 'cancelled', cancelReason: 'left' });
    expect(decidePatientAction([e], e, { action: 'here' }, NOW)).toEqual({ ok: false, code: 'not_allowed' });
  });
});
