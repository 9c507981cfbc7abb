import { describe, expect, it } from 'vitest';
import { START, measuredOffset, observe, stamp, withOffset } from './clock.ts';
import { ENTRY_GROUPS, mergeDocs } from './merge.ts';

const MINUTE = 60_000;
const REAL = 1_800_000_000_000;

describe('the hybrid clock', () => {
  it('when the device clock stands still or goes back, then stamps still rise', () => {
    let s = START;
    const out: number[] = [];
    for (const physical of [REAL, REAL, REAL - 5_000, REAL + 1]) {
      const r = stamp(s, physical);
      out.push(r.at);
      s = r.state;
    }
    expect(out).toEqual([REAL, REAL + 1, REAL + 2, REAL + 3]);
  });

  it('when a later stamp is seen on a document, then the next stamp comes after it', () => {
    const s = observe(START, REAL + 10 * MINUTE);
    expect(stamp(s, REAL).at).toBe(REAL + 10 * MINUTE + 1);
    expect(stamp(START, REAL, REAL + 10 * MINUTE).at).toBe(REAL + 10 * MINUTE + 1);
  });

  it('when an older stamp is seen, then it changes nothing', () => {
    const s = observe(stamp(START, REAL).state, REAL - MINUTE);
    expect(stamp(s, REAL).at).toBe(REAL + 1);
  });

  it('when the server answered halfway through a request, then the offset is server time minus the midpoint', () => {
    // Device 10 minutes fast: sent at +10 min, answered 200 ms later; the server stamped its time at the midpoint.
    expect(measuredOffset(REAL + 100, REAL + 10 * MINUTE, REAL + 10 * MINUTE + 200)).toBe(-10 * MINUTE);
  });

  it('when a device 10 minutes fast has heard the server, then it stamps the real time', () => {
    const fast = (real: number) => real + 10 * MINUTE;
    const s = withOffset(START, measuredOffset(REAL, fast(REAL) - 50, fast(REAL) + 50));
    expect(stamp(s, fast(REAL + 5_000)).at).toBe(REAL + 5_000);
  });
});

describe('two writers of one visit, one device clock 10 minutes fast', () => {
  const visit = {
    id: 'e1',
    status: 'waiting',
    calledAt: null as number | null,
    startedAt: null as number | null,
    endedAt: null as number | null,
    doctorId: 'd1',
    cancelReason: null as string | null,
    rank: 'a0',
    priority: 'normal',
    name: 'Amel',
    phone: null as string | null,
    updatedAt: REAL - MINUTE,
    _deleted: false,
  };
  const fastDesk = (real: number) => real + 10 * MINUTE;

  it('when both change the visit offline, then the later real change wins, not the fast clock', () => {
    // The desk heard the server this morning, then went offline; the room's clock is right.
    const desk = withOffset(START, measuredOffset(REAL - 60 * MINUTE, fastDesk(REAL - 60 * MINUTE), fastDesk(REAL - 60 * MINUTE)));
    const room = START;
    // At real T the desk marks a no-show; at T + 30 s the room, unaware, calls the patient in.
    const deskAt = stamp(desk, fastDesk(REAL)).at;
    const roomAt = stamp(room, REAL + 30_000).at;
    const byDesk = { ...visit, status: 'no_show', endedAt: deskAt, updatedAt: deskAt };
    const byRoom = { ...visit, status: 'called', calledAt: roomAt, updatedAt: roomAt };
    // Whichever reaches the server first, the other merges against it: both orders give the room's call.
    expect(mergeDocs(visit, byDesk, byRoom, ENTRY_GROUPS).status).toBe('called');
    expect(mergeDocs(visit, byRoom, byDesk, ENTRY_GROUPS).status).toBe('called');
  });

  it('when the fast desk had not corrected its clock, then it would have won (what the clock prevents)', () => {
    const deskAt = stamp(START, fastDesk(REAL)).at;
    const roomAt = stamp(START, REAL + 30_000).at;
    const byDesk = { ...visit, status: 'no_show', endedAt: deskAt, updatedAt: deskAt };
    const byRoom = { ...visit, status: 'called', calledAt: roomAt, updatedAt: roomAt };
    expect(mergeDocs(visit, byDesk, byRoom, ENTRY_GROUPS).status).toBe('no_show');
  });
});
