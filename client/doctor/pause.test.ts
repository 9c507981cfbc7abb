import { describe, expect, it } from 'vitest';
import { DeviceClock } from '../db/device-clock.ts';
import { backAt, isPaused, pauseFor } from './pause.ts';
import { DOCTOR_DEFAULTS } from '../../shared/doc-defaults.ts';

const MINUTE = 60_000;

describe('the pause times', () => {
  it('when the doctor picks 15 minutes on a screen whose clock is 10 minutes fast, then the pause ends 15 real minutes from now', () => {
    const real = new Date(2026, 11, 6, 10, 0).getTime();
    const clock = new DeviceClock(null, () => real + 10 * MINUTE);
    clock.heardServer(real, real + 10 * MINUTE, real + 10 * MINUTE);
    expect(pauseFor(15, clock)).toBe(real + 15 * MINUTE);
  });

  it('when a back-at time is picked, then it is today at that time; a time already past is refused', () => {
    const now = new Date(2026, 11, 6, 10, 0).getTime();
    const clock = new DeviceClock(null, () => now);
    expect(backAt('10:45', clock)).toBe(new Date(2026, 11, 6, 10, 45).getTime());
    expect(backAt('09:30', clock)).toBeNull();
    expect(backAt('10:00', clock)).toBeNull();
    expect(backAt('', clock)).toBeNull();
  });

  it('when the pause time has passed, then the doctor is no longer paused', () => {
    const doctor = { id: 'd', clinicId: 'c', name: 'Dr', room: '1', active: true, ...DOCTOR_DEFAULTS, updatedAt: 0 };
    expect(isPaused({ ...doctor, pausedUntil: 2000 }, 1000)).toBe(true);
    expect(isPaused({ ...doctor, pausedUntil: 2000 }, 2000)).toBe(false);
    expect(isPaused(doctor, 1000)).toBe(false);
  });
});
