import { describe, it, expect } from 'vitest';
import { compareRank, rankAfterLast, rankBetween } from './rank.ts';
import { RankKey } from './schemas.ts';

describe('compareRank', () => {
  it('orders by code unit, not locale', () => {
    // localeCompare would put 'a' before 'B'; fractional-indexing keys need 'B' < 'a'.
    expect(compareRank('B', 'a')).toBeLessThan(0);
    expect(compareRank('a0', 'Zz')).toBeGreaterThan(0);
    expect(compareRank('a0', 'a0')).toBe(0);
    expect(compareRank('a0', 'a0V')).toBeLessThan(0);
  });
});

describe('rankBetween', () => {
  it('returns a key strictly between two keys', () => {
    const k = rankBetween('a0', 'a1');
    expect(compareRank('a0', k)).toBeLessThan(0);
    expect(compareRank(k, 'a1')).toBeLessThan(0);
  });

  it('handles open ends', () => {
    expect(rankBetween(null, null)).toBe('a0');
    expect(compareRank(rankBetween('a5', null), 'a5')).toBeGreaterThan(0);
    expect(compareRank(rankBetween(null, 'a5'), 'a5')).toBeLessThan(0);
  });

  it('does not throw on equal keys and sorts after `before`', () => {
    const k = rankBetween('a0', 'a0');
    expect(compareRank(k, 'a0')).toBeGreaterThan(0);
  });

  it('sorts after `before` when the bounds are reversed', () => {
    // The library would silently swap reversed bounds; we must not land before `before`.
    const k = rankBetween('a5', 'a1');
    expect(compareRank(k, 'a5')).toBeGreaterThan(0);
  });

  it('keeps splitting the same gap with valid, ordered keys', () => {
    let lo = 'a0';
    const hi = 'a1';
    for (let i = 0; i < 100; i++) {
      const k = rankBetween(lo, hi);
      expect(compareRank(lo, k)).toBeLessThan(0);
      expect(compareRank(k, hi)).toBeLessThan(0);
      expect(RankKey.safeParse(k).success).toBe(true);
      lo = k;
    }
  });
});

describe('rankAfterLast', () => {
  it('returns a key after the greatest, whatever the input order', () => {
    const ranks = ['a3', 'Zz', 'a1V', 'a1'];
    const k = rankAfterLast(ranks);
    for (const r of ranks) expect(compareRank(k, r)).toBeGreaterThan(0);
  });

  it('starts a fresh sequence for no ranks', () => {
    expect(rankAfterLast([])).toBe('a0');
  });
});
