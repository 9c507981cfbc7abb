// The pushes of one collection that are on the wire, for pulls to tell
// whether their answer may predate one of them (see ClinicSync.pull).

/** Where the pushes stood when a pull started. */
export interface WireMark {
  readonly changes: number;
  readonly quiet: boolean;
}

export class PushesOnWire {
  private inFlight = 0;
  /** Moves when a push starts or ends. */
  private changes = 0;
  private waiters: (() => void)[] = [];

  start(): void {
    this.inFlight++;
    this.changes++;
  }

  end(): void {
    this.inFlight--;
    this.changes++;
    if (this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  mark(): WireMark {
    return { changes: this.changes, quiet: this.inFlight === 0 };
  }

  /** True when no push was on the wire at any moment since `mark`. */
  quietSince(mark: WireMark): boolean {
    return mark.quiet && this.changes === mark.changes;
  }

  /** Resolves once no push is on the wire. */
  settled(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
