// The time a device stamps on what it writes: a hybrid logical clock.
//
// Merge rule 3 (shared/merge.ts) gives a field group both sides changed to the
// later `updatedAt`. With each device's own clock, a tablet whose clock runs
// 10 minutes fast would win every such conflict for 10 minutes after the real
// later change. So a device stamps
//   max(physical now corrected by the server's offset, last stamp seen + 1):
// - corrected: once a device has heard the server's time, its fast or slow
//   clock no longer decides anything (offset = server time − the midpoint of
//   the request, the usual round-trip estimate);
// - last seen + 1: a change made after seeing another device's change is
//   stamped after it, whatever either clock says, so an action that follows
//   another never loses to it; and stamps never go backwards on one device.
// Pure: the physical clock and what was seen are passed in.

export interface ClockState {
  /** Milliseconds to add to the device's clock to get the server's (0 until measured). */
  offset: number;
  /** The latest stamp issued or seen. */
  last: number;
}

export const START: ClockState = { offset: 0, last: 0 };

/** The offset measured by one request: the server stamped `serverTime` between `sentAt` and `receivedAt` (device clock). */
export function measuredOffset(serverTime: number, sentAt: number, receivedAt: number): number {
  return Math.round(serverTime - (sentAt + receivedAt) / 2);
}

/** A stamp for a write at device time `physical`, after every stamp in `seen`; and the clock after it. */
export function stamp(state: ClockState, physical: number, seen = 0): { at: number; state: ClockState } {
  const at = Math.max(Math.round(physical + state.offset), state.last + 1, seen + 1);
  return { at, state: { ...state, last: at } };
}

/** A stamp seen on a document from elsewhere: later stamps of this device come after it. */
export function observe(state: ClockState, seen: number): ClockState {
  return seen > state.last ? { ...state, last: seen } : state;
}

/** The server's time learned (a newer measurement replaces the older: clocks drift, and get set). */
export function withOffset(state: ClockState, offset: number): ClockState {
  return { ...state, offset };
}
