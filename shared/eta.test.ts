import { describe, it, expect } from 'vitest';
import type { Entry } from './schemas.ts';
import { estimateWait, percentile, recentDurations } from './eta.ts';

const MIN = 60_000;
const T0 = 1_800_000_000_000;

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

describe('estimateWait', () => {
  it('is zero with nobody ahead', () => {
    expect(estimateWait({ ahead: 0, recentDurationsMs: [], defaultMinutes: 10 })).toMatchObject({ lowMs: 0, highMs: 0 });
    expect(estimateWait({ ahead: 0, recentDurationsMs: [MIN, MIN, MIN], defaultMinutes: 10 })).toMatchObject({ lowMs: 0, highMs: 0 });
  });

  it('uses the default with fewer than three samples', () => {
    expect(estimateWait({ ahead: 2, recentDurationsMs: [MIN, 2 * MIN], defaultMinutes: 10 })).toEqual({
      lowMs: 20 * MIN,
      highMs: 30 * MIN,
      basis: 'default',
    });
  });

  it('uses median and p80 of history with three samples or more', () => {
    const d = [5, 10, 15, 20, 30].map((m) => m * MIN);
    // sorted [5,10,15,20,30]: median 15, p80 at index 3.2 → 22
    expect(estimateWait({ ahead: 3, recentDurationsMs: d, defaultMinutes: 10 })).toEqual({
      lowMs: 45 * MIN,
      highMs: 66 * MIN,
      basis: 'history',
    });
  });

  it('does not depend on the order of the samples', () => {
    const a = estimateWait({ ahead: 4, recentDurationsMs: [30, 5, 20, 10, 15].map((m) => m * MIN), defaultMinutes: 10 });
    const b = estimateWait({ ahead: 4, recentDurationsMs: [5, 10, 15, 20, 30].map((m) => m * MIN), defaultMinutes: 10 });
    expect(a).toEqual(b);
  });

  it('ignores non-finite and negative durations, which can push it back to the default', () => {
    const r = estimateWait({ ahead: 1, recentDurationsMs: [MIN, NaN, Infinity, -5, 2 * MIN], defaultMinutes: 8 });
    expect(r).toEqual({ lowMs: 8 * MIN, highMs: 12 * MIN, basis: 'default' });
    const h = estimateWait({ ahead: 1, recentDurationsMs: [MIN, NaN, 0, -5, 2 * MIN], defaultMinutes: 8 });
    expect(h).toEqual({ lowMs: MIN, highMs: 1.6 * MIN, basis: 'history' });
  });

  it('divides by the number of doctors, at least one', () => {
    const base = { ahead: 4, recentDurationsMs: [], defaultMinutes: 10 };
    expect(estimateWait({ ...base, doctors: 2 })).toMatchObject({ lowMs: 20 * MIN, highMs: 30 * MIN });
    expect(estimateWait({ ...base, doctors: 0 })).toMatchObject({ lowMs: 40 * MIN });
    expect(estimateWait({ ...base, doctors: NaN })).toMatchObject({ lowMs: 40 * MIN });
  });

  it('keeps low <= high', () => {
    const r = estimateWait({ ahead: 7, recentDurationsMs: [3, 1, 4, 1, 5, 9, 2, 6].map((m) => m * MIN), defaultMinutes: 10, doctors: 3 });
    expect(r.lowMs).toBeLessThanOrEqual(r.highMs);
    expect(Number.isInteger(r.lowMs) && Number.isInteger(r.highMs)).toBe(true);
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

  it('feeds estimateWait', () => {
    const d = recentDurations(entries, null);
    expect(estimateWait({ ahead: 1, recentDurationsMs: d, defaultMinutes: 15 })).toMatchObject({ lowMs: 10 * MIN, basis: 'history' });
  });
});
