// Access tokens live a few minutes; a revoked session must stop at once, on
// every instance, without a database read per request. Each instance keeps
// the ids revoked within one token lifetime, fed by NOTIFY.
import type { Feed } from '../sync/feed.ts';
import type { Sessions } from './sessions.ts';

export class Revocations {
  private readonly revokedAt = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ttlMs: number) {}

  async start(sessions: Sessions, feed: Feed): Promise<void> {
    feed.onRevokedSessions((ids) => {
      for (const id of ids) this.add(id);
    });
    // Reload after a listener gap: revocations may have been missed.
    feed.onListenerGap(() => void this.load(sessions));
    await this.load(sessions);
    this.timer = setInterval(() => this.prune(), Math.min(this.ttlMs, 60_000));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  add(sessionId: string): void {
    this.revokedAt.set(sessionId, Date.now());
  }

  has(sessionId: string): boolean {
    return this.revokedAt.has(sessionId);
  }

  private async load(sessions: Sessions): Promise<void> {
    // One extra minute of margin for clock skew between instances.
    for (const id of await sessions.recentlyRevoked(this.ttlMs / 1000 + 60)) this.add(id);
  }

  private prune(): void {
    const cutoff = Date.now() - this.ttlMs - 60_000;
    for (const [id, at] of this.revokedAt) if (at < cutoff) this.revokedAt.delete(id);
  }
}
