import { describe, expect, it } from 'vitest';
import { DeviceClock } from '../db/device-clock.ts';
import { pauseFor } from './pause.ts';

const MINUTE = 60_000;

describe('the pause times', () => {
  it('when the doctor picks 15 minutes on a screen whose clock is 10 minutes fast, then the pause ends 15 real minutes from now', () => {
    const real = new Date(2026, 11, 6, 10, 0).getTime();
    const clock = new DeviceClock(null, () => real + 10 * MINUTE);
    clock.heardServer(real, real + 10 * MINUTE, real + 10 * MINUTE);
    expect(pauseFor(15, clock)).toBe(real + 15 * MINUTE);
  });
});
