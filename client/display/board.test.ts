import { describe, expect, it } from 'vitest';
import type { PublicDoctor, PublicEntry, PublicSettings } from '../../shared/projection.ts';
import { applyFrame, emptyQueue, type QueueState } from '../live/queue-state.ts';
import { board, callsIn, fitRows, fitServing, newCalls, type ServingRow } from './board.ts';
import { spokenTicket } from './sound.ts';

const NOW = Date.UTC(2026, 10, 28, 9, 0);
const DAY = '2026-11-28';
let n = 0;
function entry(over: Partial<PublicEntry> = {}): PublicEntry {
  n++;
  return {
    id: `e${n}`,
    ticket: `A-${String(n).padStart(3, '0')}`,
    day: DAY,
    doctorId: null,
    priority: 'normal',
    status: 'waiting',
    rank: `a${n}`,
    arrivedAt: NOW,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    lateUntil: null,
    updatedAt: NOW,
    _deleted: false,
    ...over,
  };
}
const doctors: PublicDoctor[] = [
  { id: 'd1', name: 'Dr Amira', room: '1', active: true, pausedUntil: null, absentDay: null, _deleted: false },
];
const settings = (display: PublicSettings['display']): PublicSettings => ({
  name: 'Cabinet',
  timeZone: 'Africa/Tunis',
  languages: ['ar', 'fr'],
  defaultConsultationMinutes: 15,
  selfCheckIn: true,
  display,
});
const snapshot = (entries: PublicEntry[], display: PublicSettings['display'] = 'tickets'): QueueState =>
  applyFrame(emptyQueue(), { type: 'snapshot', entries, doctors, settings: settings(display), reception: null, at: NOW }, NOW);

describe('board', () => {
  it('when a doctor is on a break or absent today, then the board names them with the time they are back', () => {
    const away = (d: Partial<PublicDoctor>) =>
      board(applyFrame(snapshot([]), { type: 'doctors', documents: [{ ...doctors[0]!, ...d }] }, NOW), NOW).away;
    expect(away({ pausedUntil: NOW + 1_800_000 })).toEqual([{ id: 'd1', doctorName: 'Dr Amira', room: '1', until: NOW + 1_800_000 }]);
    expect(away({ absentDay: DAY })).toEqual([{ id: 'd1', doctorName: 'Dr Amira', room: '1', until: null }]);
    // A break that is over, an absence of another day, an inactive doctor: nothing to say.
    expect(away({ pausedUntil: NOW - 1 })).toEqual([]);
    expect(away({ absentDay: '2026-11-27' })).toEqual([]);
    expect(away({ active: false, absentDay: DAY })).toEqual([]);
  });

  it('when tickets are called and waiting, then serving lists the latest call first and next follows queue order, without doctor names in tickets mode', () => {
    const a = entry({ status: 'in_consultation', doctorId: 'd1', calledAt: NOW - 600_000 });
    const b = entry({ status: 'called', calledAt: NOW - 60_000 });
    const w1 = entry();
    const w2 = entry({ priority: 'urgent' });
    const old = entry({ day: '2026-11-27', status: 'called', calledAt: NOW - 86_400_000 });
    const b1 = board(snapshot([a, b, w1, w2, old]), NOW);
    expect(b1.serving.map((r) => [r.ticket, r.status, r.room, r.doctorName])).toEqual([
      [b.ticket, 'called', null, null],
      [a.ticket, 'in_consultation', '1', null],
    ]);
    expect(b1.next.map((r) => r.ticket)).toEqual([w2.ticket, w1.ticket]);
  });

  it("when the clinic shows doctors, then rows carry the doctor's name", () => {
    const a = entry({ status: 'called', doctorId: 'd1', calledAt: NOW });
    expect(board(snapshot([a], 'tickets_and_doctor'), NOW).serving[0]).toMatchObject({ doctorName: 'Dr Amira', room: '1' });
  });

  it('when a ticket is called, or a no-show called again, then it is a new call; staying called is not', () => {
    const a = entry();
    let s = snapshot([a]);
    const seen = callsIn(s);
    s = applyFrame(s, { type: 'entries', documents: [{ ...a, status: 'called', calledAt: NOW }] }, NOW);
    expect(newCalls(seen, s).map((e) => e.id)).toEqual([a.id]);
    const seen2 = callsIn(s);
    expect(newCalls(seen2, s)).toEqual([]);
    s = applyFrame(s, { type: 'entries', documents: [{ ...a, status: 'called', calledAt: NOW + 5 }] }, NOW);
    expect(newCalls(seen2, s).map((e) => e.id)).toEqual([a.id]);
  });

  it('when a ticket is spoken, then its letters are spelled and its number has no leading zeros', () => {
    expect(spokenTicket('A-012')).toBe('A 12');
    expect(spokenTicket('AB-003')).toBe('A B 3');
    expect(spokenTicket('W-100')).toBe('W 100');
    expect(spokenTicket('12')).toBe('12');
  });
});

describe('fitting the screen', () => {
  const rows = (k: number) => Array.from({ length: k }, (_, i) => `r${i}`);

  it('when every row fits, then all show and nothing is summarised', () => {
    expect(fitRows(rows(5), 5)).toEqual({ shown: rows(5), more: 0 });
    expect(fitRows([], 0)).toEqual({ shown: [], more: 0 });
  });

  it('when rows do not fit, then the last place says how many more wait, so the shown and the summarised add up', () => {
    expect(fitRows(rows(12), 5)).toEqual({ shown: rows(4), more: 8 });
    expect(fitRows(rows(12), 1)).toEqual({ shown: [], more: 12 });
    expect(fitRows(rows(3), 0)).toEqual({ shown: [], more: 3 });
  });

  const serving = (status: ServingRow['status'], i: number): ServingRow => ({
    id: `s${i}`,
    ticket: `A-${i}`,
    status,
    doctorId: null,
    doctorName: null,
    room: null,
    calledAt: i,
  });

  it('when calls and consultations do not all fit, then every call stays and consultations give way to "+N more"', () => {
    const all = [serving('called', 1), serving('in_consultation', 2), serving('called', 3), serving('in_consultation', 4)];
    expect(fitServing(all, 4)).toEqual({ shown: all, more: 0, dense: false });
    const three = fitServing(all, 3);
    expect(three.shown.map((r) => r.id)).toEqual(['s1', 's3']);
    expect(three).toMatchObject({ more: 2, dense: false });
    const four = fitServing([...all, serving('in_consultation', 5)], 4);
    expect(four.shown.map((r) => r.id)).toEqual(['s1', 's2', 's3']);
    expect(four.more).toBe(2);
  });

  it('when the calls alone do not fit, then all of them show, packed densely', () => {
    const calls = [1, 2, 3].map((i) => serving('called', i));
    expect(fitServing([...calls, serving('in_consultation', 4)], 2)).toEqual({ shown: calls, more: 1, dense: true });
  });
});
