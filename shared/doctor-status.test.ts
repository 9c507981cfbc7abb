import { describe, it, expect } from 'vitest';
import { Doctor } from './schemas.ts';
import { backAtTime, doctorState, markAbsent, pause, pausesOf, seesPatients } from './doctor-status.ts';
import { DOCTOR_DEFAULTS } from './doc-defaults.ts';

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const DAY = '2027-01-15';

const doctor = (over: Partial<Doctor> = {}): Doctor => ({
  id: 'd1',
  clinicId: '0190f6c4-7a2b-7c3d-8e4f-123456789abc',
  name: 'Dr Ben Ali',
  room: '2',
  active: true,
  ...DOCTOR_DEFAULTS,
  updatedAt: NOW - MIN,
  ...over,
});

describe('doctorState', () => {
  it('reads inactive, absent today, paused until a later time, else working', () => {
    expect(doctorState(doctor(), DAY, NOW)).toEqual({ kind: 'working' });
    expect(doctorState(doctor({ active: false, absentDay: DAY }), DAY, NOW)).toEqual({ kind: 'inactive' });
    expect(doctorState(doctor({ absentDay: DAY, pausedUntil: NOW + MIN }), DAY, NOW)).toEqual({ kind: 'absent' });
    expect(doctorState(doctor({ pausedUntil: NOW + MIN }), DAY, NOW)).toEqual({ kind: 'paused', until: NOW + MIN });
  });

  it('when the "back at" time has passed or the absence was another day, then the doctor is working again by itself', () => {
    expect(doctorState(doctor({ pausedUntil: NOW }), DAY, NOW)).toEqual({ kind: 'working' });
    expect(doctorState(doctor({ absentDay: '2027-01-14' }), DAY, NOW)).toEqual({ kind: 'working' });
    expect(seesPatients(doctor({ absentDay: '2027-01-14' }), DAY)).toBe(true);
    expect(seesPatients(doctor({ absentDay: DAY }), DAY)).toBe(false);
    expect(seesPatients(doctor({ pausedUntil: NOW + MIN }), DAY)).toBe(true);
  });

  it('pausesOf gives how long each paused doctor is still away', () => {
    const ds = [doctor({ id: 'a', pausedUntil: NOW + 20 * MIN }), doctor({ id: 'b', pausedUntil: NOW - MIN }), doctor({ id: 'c' })];
    expect([...pausesOf(ds, DAY, NOW)]).toEqual([['a', 20 * MIN]]);
  });
});

describe('pause and markAbsent', () => {
  it('write one valid document, or nothing when nothing changes', () => {
    const paused = pause(doctor(), NOW + 30 * MIN, NOW)!;
    expect(paused).toMatchObject({ pausedUntil: NOW + 30 * MIN, updatedAt: NOW });
    expect(Doctor.safeParse(paused).success).toBe(true);
    expect(pause(paused, NOW + 30 * MIN, NOW)).toBeNull();
    expect(pause(paused, null, NOW)).toMatchObject({ pausedUntil: null });
    // A "back at" time already past is no pause.
    expect(pause(doctor(), NOW - MIN, NOW)).toBeNull();

    const absent = markAbsent(doctor(), DAY, true, NOW)!;
    expect(absent).toMatchObject({ absentDay: DAY, updatedAt: NOW });
    expect(markAbsent(absent, DAY, true, NOW)).toBeNull();
    expect(markAbsent(absent, DAY, false, NOW)).toMatchObject({ absentDay: null });
  });
});

describe('backAtTime', () => {
  it("reads HH:MM on the clinic's day in its zone, and refuses a past or malformed time", () => {
    // 2027-01-15 10:00 in Tunis (UTC+1) is 09:00 UTC.
    const now = Date.UTC(2027, 0, 15, 9, 0);
    expect(backAtTime(DAY, '11:30', 'Africa/Tunis', now)).toBe(Date.UTC(2027, 0, 15, 10, 30));
    expect(backAtTime(DAY, '09:30', 'Africa/Tunis', now)).toBeNull();
    expect(backAtTime(DAY, '25:00', 'Africa/Tunis', now)).toBeNull();
    expect(backAtTime(DAY, '', 'Africa/Tunis', now)).toBeNull();
  });
});
