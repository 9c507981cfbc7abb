// Instance-wide fan-out: one LISTEN connection per instance turns commits
// made through any instance into wake-ups for this instance's streams.
import type { Database } from '../db/database.ts';
import { REVOKED_CHANNEL } from '../auth/sessions.ts';

export const CHANGES_CHANNEL = 'dq_changes';

/** committedAt: the commit's time (ms) when the notifier sent it. */
type ChangeListener = (seq: number, committedAt: number | null) => void;

export class Feed {
  private readonly byClinic = new Map<string, Set<ChangeListener>>();
  private readonly revokedListeners = new Set<(sessionIds: string[]) => void>();
  private readonly gapListeners = new Set<() => void>();
  private stops: (() => Promise<void>)[] = [];
  connected = false;

  constructor(private readonly db: Database) {}

  async start(): Promise<void> {
    this.stops.push(
      await this.db.listen(CHANGES_CHANNEL, (p) => this.onChange(p), () => this.onGap()),
      await this.db.listen(REVOKED_CHANNEL, (p) => this.onRevoked(p), () => this.onGap()),
    );
    this.connected = true;
  }

  async stop(): Promise<void> {
    this.connected = false;
    await Promise.all(this.stops.map((s) => s()));
    this.stops = [];
  }

  /** Subscribes to commits in one clinic; returns the unsubscribe. */
  onClinic(clinicId: string, fn: ChangeListener): () => void {
    let set = this.byClinic.get(clinicId);
    if (!set) this.byClinic.set(clinicId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.byClinic.delete(clinicId);
    };
  }

  onRevokedSessions(fn: (sessionIds: string[]) => void): () => void {
    this.revokedListeners.add(fn);
    return () => this.revokedListeners.delete(fn);
  }

  /** Notifications may have been lost (listener reconnected): everyone must re-read. */
  onListenerGap(fn: () => void): () => void {
    this.gapListeners.add(fn);
    return () => this.gapListeners.delete(fn);
  }

  private onChange(payload: string): void {
    const [clinicId, seq, at] = payload.split(':');
    if (!clinicId || !seq) return;
    for (const fn of this.byClinic.get(clinicId) ?? []) fn(Number(seq), at ? Number(at) : null);
  }

  private onRevoked(payload: string): void {
    const ids = payload.split(',').filter(Boolean);
    for (const fn of this.revokedListeners) fn(ids);
  }

  private onGap(): void {
    this.connected = true;
    for (const fn of this.gapListeners) fn();
  }
}
