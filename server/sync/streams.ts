// Long-lived device streams (Server-Sent Events over a plain GET, read with
// fetch so the token travels in a header, never in a URL).
import type { Response } from 'express';
import type { Database } from '../db/database.ts';
import { HEARTBEAT_MS, type StreamEvent } from '../../shared/protocol.ts';
import type { Feed } from './feed.ts';
import { ClinicHub, type Subscriber } from './hub.ts';

/** A device that cannot keep up is cut off; it reconnects and resyncs from its checkpoint. */
const MAX_BUFFERED_BYTES = 1 << 20;

export interface StreamOwner {
  clinicId: string;
  sessionId: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

class Stream implements Subscriber {
  private closed = false;
  /** Events that reached the stream before its opening resync was sent. */
  private held: StreamEvent[] | null = [];
  constructor(readonly owner: StreamOwner, private readonly res: Response, private readonly onClose: (s: Stream) => void) {}

  /**
   * The first frame must be the resync: RxDB takes a change event's
   * checkpoint as its own, so a change processed before the catch-up pull
   * would move the checkpoint past documents the device never received.
   */
  start(): void {
    const held = this.held ?? [];
    this.held = null;
    this.send([{ type: 'resync' }, ...held]);
  }

  send(events: StreamEvent[]): void {
    if (this.closed) return;
    if (this.held) {
      this.held.push(...events);
      return;
    }
    let chunk = '';
    for (const e of events) chunk += `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
    this.res.write(chunk);
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.end();
  }

  heartbeat(now: number): void {
    if (now >= this.owner.expiresAt) {
      this.send([{ type: 'auth', reason: 'expired' }]);
      this.end();
      return;
    }
    if (!this.closed) this.res.write(': heartbeat\n\n');
  }

  end(final?: StreamEvent): void {
    if (this.closed) return;
    this.held = null;
    if (final) this.send([final]);
    this.closed = true;
    this.res.end();
    this.onClose(this);
  }

  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }
}

export class StreamRegistry {
  private readonly hubs = new Map<string, { hub: ClinicHub; unsubscribe: () => void }>();
  private readonly bySession = new Map<string, Set<Stream>>();
  private readonly all = new Set<Stream>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribers: (() => void)[] = [];

  constructor(private readonly db: Database, private readonly feed: Feed, private readonly onError: (err: unknown) => void) {
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const s of this.all) s.heartbeat(now);
    }, HEARTBEAT_MS);
    this.timer.unref();
    this.unsubscribers.push(
      feed.onRevokedSessions((ids) => {
        for (const id of ids) for (const s of this.bySession.get(id) ?? []) s.end({ type: 'auth', reason: 'revoked' });
      }),
      feed.onListenerGap(() => {
        for (const { hub } of this.hubs.values()) hub.catchUp();
      }),
    );
  }

  get size(): number {
    return this.all.size;
  }

  async open(owner: StreamOwner, res: Response): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Reverse proxies must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const stream = new Stream(owner, res, (s) => this.remove(s));
    res.on('close', () => stream.markClosed());
    this.all.add(stream);
    let set = this.bySession.get(owner.sessionId);
    if (!set) this.bySession.set(owner.sessionId, (set = new Set()));
    set.add(stream);

    // Subscribed first, then told to pull: anything committed from here on
    // comes through the hub, anything before through the pull.
    const hub = this.hubFor(owner.clinicId);
    hub.subscribers.add(stream);
    await hub.whenReady();
    stream.start();
  }

  /** Shutdown: every device is told to reconnect (to another instance). */
  closeAll(): void {
    clearInterval(this.timer);
    for (const u of this.unsubscribers) u();
    for (const s of [...this.all]) s.end({ type: 'bye' });
  }

  private hubFor(clinicId: string): ClinicHub {
    const existing = this.hubs.get(clinicId);
    if (existing) return existing.hub;
    const hub = new ClinicHub(this.db, clinicId, this.onError);
    const unsubscribe = this.feed.onClinic(clinicId, (seq) => hub.notify(seq));
    this.hubs.set(clinicId, { hub, unsubscribe });
    return hub;
  }

  private remove(s: Stream): void {
    this.all.delete(s);
    const set = this.bySession.get(s.owner.sessionId);
    set?.delete(s);
    if (set?.size === 0) this.bySession.delete(s.owner.sessionId);
    const entry = this.hubs.get(s.owner.clinicId);
    if (entry) {
      entry.hub.subscribers.delete(s);
      if (entry.hub.subscribers.size === 0) {
        entry.unsubscribe();
        this.hubs.delete(s.owner.clinicId);
      }
    }
  }
}
