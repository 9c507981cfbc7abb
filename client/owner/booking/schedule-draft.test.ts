import { describe, expect, it } from 'vitest';
import { fromScheduleDraft, toScheduleDraft } from './schedule-draft.ts';

describe('schedule draft', () => {
  it('when a schedule goes through the form unchanged, then the same schedule comes out', () => {
    const booking = { slotMinutes: 20, breaks: [{ from: '12:00', to: '13:00' }], daysOff: [0, 6] };
    expect(fromScheduleDraft(toScheduleDraft(booking))).toEqual({ booking });
  });

  it('when "takes appointments" is off, then the doctor is walk-ins only whatever the fields hold', () => {
    expect(fromScheduleDraft({ takes: false, slotMinutes: '', breaks: [{ from: '14:00', to: '13:00' }], daysOff: [] })).toEqual({
      booking: null,
    });
  });

  it('when breaks and days are entered out of order or twice, then they are saved sorted and once', () => {
    const out = fromScheduleDraft({
      takes: true,
      slotMinutes: '30',
      breaks: [
        { from: '16:00', to: '16:15' },
        { from: '10:00', to: '10:30' },
      ],
      daysOff: [6, 0, 6],
    });
    expect(out).toEqual({
      booking: {
        slotMinutes: 30,
        breaks: [
          { from: '10:00', to: '10:30' },
          { from: '16:00', to: '16:15' },
        ],
        daysOff: [0, 6],
      },
    });
  });

  it('when the slot length is cleared, out of bounds or a break ends before it starts, then there is no schedule to save', () => {
    const base = toScheduleDraft({ slotMinutes: 15, breaks: [], daysOff: [] });
    expect(fromScheduleDraft({ ...base, slotMinutes: '' })).toBeNull();
    expect(fromScheduleDraft({ ...base, slotMinutes: '3' })).toBeNull();
    expect(fromScheduleDraft({ ...base, breaks: [{ from: '13:00', to: '12:00' }] })).toBeNull();
    expect(fromScheduleDraft({ ...base, breaks: [{ from: '', to: '12:00' }] })).toBeNull();
  });

  it('when a doctor had no schedule, then ticking proposes a slot length and nothing else', () => {
    expect(toScheduleDraft(null)).toEqual({ takes: false, slotMinutes: '15', breaks: [], daysOff: [] });
  });
});
