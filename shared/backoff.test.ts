import { describe, expect, it } from 'vitest';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';

const policy: BackoffPolicy = { baseMs: 1000, capMs: 30_000, jitter: 0.5 };
const top = () => 1;
const bottom = () => 0;

describe('backoffDelay', () => {
  it('when attempts follow each other, then the wait doubles from the base', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(policy, a, top))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('when the doubling passes the cap, then the wait stays at the cap, however many attempts', () => {
    expect(backoffDelay(policy, 5, top)).toBe(30_000);
    expect(backoffDelay(policy, 20, top)).toBe(30_000);
    expect(backoffDelay(policy, 10_000, top)).toBe(30_000);
  });

  it('when jitter is 0.5, then the wait is between half the step and the step', () => {
    expect(backoffDelay(policy, 3, bottom)).toBe(4000);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(6000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(policy, 2);
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('when there is no jitter, then the wait is the step itself', () => {
    const fixed = { baseMs: 500, capMs: 10_000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(fixed, a, () => 0.3))).toEqual([500, 1000, 2000, 4000, 8000, 10_000]);
  });

  it('when the attempt is negative or fractional, then it counts as the nearest attempt below, never below the base', () => {
    expect(backoffDelay(policy, -3, top)).toBe(1000);
    expect(backoffDelay(policy, 1.7, top)).toBe(2000);
  });

  it('when jitter is out of range, then it is clamped so the wait never exceeds the cap or goes negative', () => {
    expect(backoffDelay({ ...policy, jitter: 2 }, 20, bottom)).toBe(0);
    expect(backoffDelay({ ...policy, jitter: -1 }, 20, bottom)).toBe(30_000);
  });
});
