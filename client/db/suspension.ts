// A suspended clinic: the server refuses its new changes (403
// clinic_suspended) until it is reactivated; reading goes on. The changes wait
// on the tablet, parked (replication.ts): the push that was refused ends at
// once, because RxDB takes nothing from the server while a push is in
// progress, and the desk must keep seeing the other devices' changes. The
// parked changes are offered again every `retryMs`, and at once when the
// stream says the clinic is active again.
import { BehaviorSubject } from 'rxjs';

export class Suspension {
  readonly suspended$ = new BehaviorSubject(false);
  /** How many clinic-status frames the stream has brought: tells a refusal that crossed a reactivation. */
  private statusEvents = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `offerAgain`: push the parked changes again. */
  constructor(
    private readonly retryMs: number,
    private readonly signal: AbortSignal,
    private readonly offerAgain: () => void,
  ) {
    signal.addEventListener('abort', () => this.cancel(), { once: true });
  }

  /** The stream's word on the clinic's status: newer than any refusal already on its way. */
  heard(suspended: boolean): void {
    this.statusEvents++;
    this.set(suspended);
  }

  /** A push was accepted: the clinic is not suspended. */
  accepted(): void {
    this.set(false);
  }

  /** A mark to hand to refused() once the refused request's answer arrives. */
  mark(): number {
    return this.statusEvents;
  }

  /**
   * A push sent at `mark` was refused as suspended. The stream may have said
   * "active" while this refusal was on its way: the stream is newer, so the
   * refusal then changes nothing and the changes are offered again at once,
   * not after a pause.
   */
  refused(mark: number): void {
    if (mark === this.statusEvents) this.set(true);
    this.schedule(this.suspended$.value ? this.retryMs : 0);
  }

  private set(suspended: boolean): void {
    const was = this.suspended$.value;
    if (was !== suspended) this.suspended$.next(suspended);
    if (was && !suspended && this.timer) {
      this.cancel();
      this.schedule(0);
    }
  }

  private schedule(ms: number): void {
    if (this.timer || this.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.offerAgain();
    }, ms);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
