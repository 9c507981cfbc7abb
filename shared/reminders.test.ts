import { describe, expect, it } from 'vitest';
import { dueReminders } from './reminders.ts';

const H = 3_600_000;
const START = Date.UTC(2026, 2, 10, 9, 0);
const booked = { status: 'booked' as const, start: START, bookedAt: START - 72 * H };

describe('dueReminders', () => {
  it('when the time comes near the slot, then the day reminder from 24 hours before, the hour reminder from an hour before, none after the start', () => {
    expect(dueReminders(booked, START - 25 * H)).toEqual([]);
    expect(dueReminders(booked, START - 24 * H)).toEqual(['remind_day']);
    expect(dueReminders(booked, START - 2 * H)).toEqual(['remind_day']);
    expect(dueReminders(booked, START - H)).toEqual(['remind_hour']);
    expect(dueReminders(booked, START - 1)).toEqual(['remind_hour']);
    expect(dueReminders(booked, START)).toEqual([]);
  });

  it('when the booking was made after a reminder would have been due, then that reminder is skipped', () => {
    expect(dueReminders({ ...booked, bookedAt: START - 5 * H }, START - 4 * H)).toEqual([]);
    expect(dueReminders({ ...booked, bookedAt: START - 5 * H }, START - 30 * 60_000)).toEqual(['remind_hour']);
    expect(dueReminders({ ...booked, bookedAt: START - 30 * 60_000 }, START - 20 * 60_000)).toEqual([]);
  });

  it('when the booking is cancelled, moved, arrived or missed, then nothing is due', () => {
    for (const status of ['cancelled', 'rescheduled', 'arrived', 'no_show'] as const)
      expect(dueReminders({ ...booked, status }, START - H)).toEqual([]);
  });
});
