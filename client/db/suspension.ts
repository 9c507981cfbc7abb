// A suspended clinic: the server refuses its new changes (403
// clinic_suspended) until it is reactivated; reading goes on. The changes wait
// on the tablet and the sync keeps offering them, not at RxDB's retry pace but
// every `retryMs`, and at once when the stream says the clinic is active again.
import { BehaviorSubject } from 'rxjs';

export class Suspension {
  readonly suspended$ = new BehaviorSubject(false);
  /** How many clinic-status frames the stream has brought: tells a refusal that crossed a reactivation. */
  private statusEvents = 0;
  /** The pauses of refused pushes (one per collection), ended early when the clinic is reactivated. */
  private readonly pauses = new Set<() => void>();

  constructor(
    private readonly retryMs: number,
    private readonly signal: AbortSignal,
  ) {}

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
   * refusal then changes nothing and the push is offered again at RxDB's pace,
   * not after a pause. Otherwise resolves after the pause.
   */
  async refused(mark: number): Promise<void> {
    if (mark === this.statusEvents) this.set(true);
    if (this.suspended$.value) await this.pause(this.retryMs);
  }

  private set(suspended: boolean): void {
    if (!suspended) for (const resume of [...this.pauses]) resume();
    if (this.suspended$.value !== suspended) this.suspended$.next(suspended);
  }

  /** Waits `ms`, or less if the sync stops or the clinic is reactivated meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', done);
        this.pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.signal.addEventListener('abort', done, { once: true });
      this.pauses.add(done);
    });
  }
}
