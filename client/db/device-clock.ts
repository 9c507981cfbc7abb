// The device's clock for what it writes (shared/clock.ts: why a hybrid clock):
// one per page, shared by the replication, which teaches it the server's time
// from every answer, and the actions, which stamp documents with it. The
// offset is kept across reloads, so a tablet that starts offline still stamps
// with the correction it last learned.
import { SERVER_TIME_HEADER } from '../../shared/protocol.ts';
import { type ClockState, START, measuredOffset, observe, stamp, withOffset } from '../../shared/clock.ts';

const OFFSET_KEY = 'doctorq-clock-offset';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export class DeviceClock {
  private state: ClockState;

  constructor(
    private readonly store: Store | null = null,
    /** The device's own clock (a test puts it 10 minutes fast). */
    private readonly physical: () => number = () => Date.now(),
  ) {
    const kept = Number(store?.getItem(OFFSET_KEY));
    this.state = Number.isFinite(kept) ? withOffset(START, kept) : START;
  }

  /** A stamp for a write, after every stamp in `seen` (the documents the decision was made on). */
  now(seen = 0): number {
    const r = stamp(this.state, this.physical(), seen);
    this.state = r.state;
    return r.at;
  }

  /** A stamp seen on a document from elsewhere. */
  observe(seen: number): void {
    this.state = observe(this.state, seen);
  }

  /** An answer carrying the server's time, for a request sent and answered at these device times. */
  heardServer(serverTime: number, sentAt: number, receivedAt: number): void {
    const offset = measuredOffset(serverTime, sentAt, receivedAt);
    this.state = withOffset(this.state, offset);
    try {
      this.store?.setItem(OFFSET_KEY, String(offset));
    } catch (err) {
      // Private mode or a full disk: the offset is learned again at the next answer.
      console.warn('could not keep the clock offset', err);
    }
  }

  /** Reads the server's time off an answer; answers without it (an older server) teach nothing. */
  heardResponse(res: Response, sentAt: number): void {
    const receivedAt = this.physical();
    const serverTime = Number(res.headers.get(SERVER_TIME_HEADER));
    if (serverTime > 0) this.heardServer(serverTime, sentAt, receivedAt);
  }

  /** The server's time as this device best knows it, for times chosen from now ("back in 15 minutes"). */
  correctedNow(): number {
    return Math.round(this.physical() + this.state.offset);
  }

  /** The device's physical time, for the request timing heardResponse() needs. */
  physicalNow(): number {
    return this.physical();
  }
}

/** The page's clock. */
export const deviceClock = new DeviceClock(typeof localStorage === 'undefined' ? null : localStorage);

/** The latest stamp among documents. */
export function latestStamp(docs: readonly { updatedAt: number }[]): number {
  let max = 0;
  for (const d of docs) if (d.updatedAt > max) max = d.updatedAt;
  return max;
}
