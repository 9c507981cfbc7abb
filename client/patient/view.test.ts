import { describe, expect, it } from 'vitest';
import type { PublicDoctor, PublicEntry, PublicSettings } from '../../shared/projection.ts';
import { signTicketToken } from '../../shared/capability.ts';
import { applyFrame, emptyQueue, type QueueState } from '../live/queue-state.ts';
import { decodeTicket, isExpired, tokenFromHash } from './tickets.ts';
import { patientView } from './view.ts';

const DAY = '2026-11-28';
const T0 = Date.UTC(2026, 10, 28, 8, 0);
const MIN = 60_000;
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
    arrivedAt: T0 + n,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    lateUntil: null,
    updatedAt: T0 + n,
    _deleted: false,
    ...over,
  };
}
const settings: PublicSettings = {
  name: 'Cabinet',
  timeZone: 'Africa/Tunis',
  languages: ['fr', 'ar'],
  defaultConsultationMinutes: 10,
  selfCheckIn: true,
  display: 'tickets',
};
const doctor = (id: string, room: string, active = true): PublicDoctor => ({
  id,
  name: `Dr ${id}`,
  room,
  active,
  pausedUntil: null,
  absentDay: null,
  _deleted: false,
});

function state(entries: PublicEntry[], doctors: PublicDoctor[] = [doctor('d1', '1')]): QueueState {
  return applyFrame(emptyQueue(), { type: 'snapshot', entries, doctors, settings, reception: null, at: T0 }, T0);
}

describe('patientView', () => {
  it('when two patients wait before mine, then position 3, two ahead, and a wait range from the default duration per active doctor', () => {
    const [a, b, me] = [entry(), entry(), entry()];
    const v = patientView(state([a!, b!, me!], [doctor('d1', '1'), doctor('d2', '2')]), me!.id, T0);
    expect(v).toMatchObject({ status: 'waiting', ticket: me!.ticket, position: 3, ahead: 2 });
    // 2 ahead × 10 min (low) and × 15 min (high), shared by 2 doctors.
    expect(v.wait).toEqual({ low: 10, high: 15 });
  });

  it("when the day has enough finished consultations, then the range comes from their durations, and other days' entries do not count", () => {
    const done = [12, 8, 10].map((m, i) =>
      entry({ status: 'done', doctorId: 'd1', calledAt: T0 + i * 20 * MIN, endedAt: T0 + i * 20 * MIN + m * MIN }),
    );
    const yesterday = entry({ day: '2026-11-27', status: 'waiting', rank: 'a0' });
    const me = entry({ doctorId: 'd1' });
    const ahead = entry({ doctorId: 'd1', rank: 'a0' });
    const v = patientView(state([...done, yesterday, ahead, me]), me.id, T0);
    expect(v).toMatchObject({ position: 2, ahead: 1 });
    expect(v.wait).toEqual({ low: 10, high: 12 });
  });

  it('when an urgent patient arrives after me, then they are counted ahead of me', () => {
    const me = entry();
    const urgent = entry({ priority: 'urgent' });
    expect(patientView(state([me, urgent]), me.id, T0)).toMatchObject({ position: 2, ahead: 1 });
  });

  it("when I am called by a doctor, then the view says called with the doctor's room; a stream change moves me along", () => {
    const me = entry();
    let s = state([me], [doctor('d1', '4')]);
    expect(patientView(s, me.id, T0)).toMatchObject({ status: 'waiting', ahead: 0 });
    s = applyFrame(s, { type: 'entries', documents: [{ ...me, status: 'called', doctorId: 'd1', calledAt: T0 + MIN }] }, T0 + MIN);
    expect(patientView(s, me.id, T0)).toMatchObject({ status: 'called', room: '4', doctorName: 'Dr d1', wait: null, ahead: null });
  });

  it('when my doctor is on a break, then the view says until when and the wait starts when they are back; absent today says so', () => {
    const me = entry({ doctorId: 'd1' });
    const paused = { ...doctor('d1', '1'), pausedUntil: T0 + 40 * MIN };
    const v = patientView(state([me], [paused]), me.id, T0);
    expect(v.away).toEqual({ until: T0 + 40 * MIN });
    expect(v.wait).toEqual({ low: 40, high: 40 });
    expect(patientView(state([me], [doctor('d1', '1')]), me.id, T0)).toMatchObject({ away: null, wait: { low: 0, high: 0 } });
    // Once the time is past, the break is over by itself.
    expect(patientView(state([me], [paused]), me.id, T0 + 41 * MIN).away).toBeNull();
    expect(patientView(state([me], [{ ...doctor('d1', '1'), absentDay: DAY }]), me.id, T0).away).toEqual({ until: null });
  });

  it('when my entry is not in the queue yet, then unknown; when it was deleted, then cancelled', () => {
    const me = entry();
    expect(patientView(state([]), me.id, T0).status).toBe('unknown');
    expect(patientView(state([{ ...me, _deleted: true }]), me.id, T0).status).toBe('cancelled');
  });
});

describe('ticket links', () => {
  it('when a link signed like the tablet signs it is opened, then its clinic, entry and expiry are read without verifying', async () => {
    const token = await signTicketToken(
      { clinicId: '0b0f3a4e-7a58-4d0c-9a43-1c5d2b1c9e11', entryId: '01J9-entry', day: DAY, timeZone: 'Africa/Tunis' },
      'device-1',
      new TextEncoder().encode('k'.repeat(32)),
    );
    expect(tokenFromHash(`#t=${token}`)).toBe(token);
    const t = decodeTicket(token)!;
    expect(t).toMatchObject({ cid: '0b0f3a4e-7a58-4d0c-9a43-1c5d2b1c9e11', eid: '01J9-entry', token });
    expect(isExpired(t, Date.UTC(2026, 10, 28, 22, 59))).toBe(false);
    expect(isExpired(t, Date.UTC(2026, 10, 28, 23, 0))).toBe(true);
  });

  it('when the fragment holds something else, then it is not a ticket', () => {
    expect(decodeTicket('not-a-token')).toBeNull();
    expect(decodeTicket('a.eyJmb28iOjF9.c')).toBeNull();
    expect(tokenFromHash('#c=123')).toBeNull();
  });
});
