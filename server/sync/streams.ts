// Long-lived device streams (Server-Sent Events over a plain GET, read with
// fetch so the token travels in a header, never in a URL). Staff devices get
// the documents; patient phones and displays get a projection of them.
import type { Response } from 'express';
import type { Database } from '../db/database.ts';
import { HEARTBEAT_MS, type StreamEvent } from '../../shared/protocol.ts';
import type { Feed } from './feed.ts';
import { ClinicHub, type Subscriber } from './hub.ts';
import type { ClinicStatus } from '../../shared/saas.ts';

/** A device that cannot keep up is cut off; it reconnects and resyncs from its checkpoint. */
const MAX_BUFFERED_BYTES = 1 << 20;

export interface Frame {
  type: string;
}

export interface StreamOwner {
  clinicId: string;
  /** The session to close the stream with when it is revoked; null for patient links. */
  sessionId: string | null;
  /**
   * Who holds the stream, for the cap on streams per holder: the session, or
   * the ticket link's entry. A device needs one stream; a reload overlaps the
   * old one for a moment.
   */
  holder: string;
  /** Epoch ms when the credential expires. */
  expiresAt: number;
}

export interface StreamKind {
  /** 'staff' | 'public', for metrics. */
  name: string;
  /** The first frames, computed after the stream joined its clinic's hub. */
  first(clinicId: string): Promise<Frame[]>;
  /** What this kind of stream sends for the hub's events (memoise: the same events go to every stream). */
  frames(events: StreamEvent[]): Frame[];
}

class Stream implements Subscriber {
  private closed = false;
  /** Events that reached the stream before its first frames were sent. */
  private held: StreamEvent[] | null = [];
  constructor(
    readonly owner: StreamOwner,
    readonly kind: StreamKind,
    private readonly res: Response,
    private readonly onClose: (s: Stream) => void,
  ) {}

  /**
   * The first frames (the staff resync, the public snapshot) must precede
   * any change: RxDB takes a change event's checkpoint as its own, so a
   * change processed before the catch-up pull would move the checkpoint past
   * documents the device never received.
   */
  start(first: Frame[]): void {
    const held = this.held ?? [];
    this.held = null;
    this.write([...first, ...this.kind.frames(held)]);
  }

  send(events: StreamEvent[]): void {
    if (this.closed) return;
    if (this.held) {
      this.held.push(...events);
      return;
    }
    this.write(this.kind.frames(events));
  }

  heartbeat(now: number): void {
    if (now >= this.owner.expiresAt) {
      this.end({ type: 'auth', reason: 'expired' } as Frame);
      return;
    }
    if (!this.closed) this.res.write(': heartbeat\n\n');
  }

  end(final?: Frame): void {
    if (this.closed) return;
    this.held = null;
    if (final) this.write([final]);
    this.closed = true;
    this.res.end();
    this.onClose(this);
  }

  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private write(frames: Frame[]): void {
    if (this.closed || frames.length === 0) return;
    let chunk = '';
    for (const f of frames) chunk += `event: ${f.type}\ndata: ${JSON.stringify(f)}\n\n`;
    this.res.write(chunk);
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.end();
  }
}

export const STAFF_STREAM_NAME = 'staff';

/** A tablet's stream: every collection's changes; on connect a resync, then the clinic's status. */
export function staffStream(db: Database): StreamKind {
  return {
    name: STAFF_STREAM_NAME,
    async first(clinicId) {
      const [c] = await db.query<{ status: ClinicStatus }>('SELECT status FROM clinics WHERE id = $1', [clinicId]);
      const frames: StreamEvent[] = [{ type: 'resync' }];
      if (c) frames.push({ type: 'clinic', status: c.status });
      return frames;
    },
    frames: (events) => events,
  };
}

export interface RegistryOptions {
  onError: (err: unknown) => void;
  onDelivered?: (lagMs: number) => void;
  onReplaced?: () => void;
  /** Streams one holder (session, ticket link) keeps open; a newer one replaces the oldest. */
  maxPerHolder: number;
}

/** Sent to a stream closed because its holder opened a newer one beyond the cap: the client backs off before reconnecting. */
const REPLACED: Frame = { type: 'replaced' };

/** Per kind: a reception machine may hold its tablet's stream and a display page's public one under the same session. */
const holderKey = (s: Stream) => `${s.kind.name}|${s.owner.holder}`;

export class StreamRegistry {
  private readonly hubs = new Map<string, { hub: ClinicHub; unsubscribe: () => void }>();
  private readonly bySession = new Map<string, Set<Stream>>();
  /** Insertion order is opening order: the first is the oldest. */
  private readonly byHolder = new Map<string, Set<Stream>>();
  private readonly onError: (err: unknown) => void;
  private readonly onDelivered: (lagMs: number) => void;
  private readonly all = new Set<Stream>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribers: (() => void)[] = [];

  constructor(
    private readonly db: Database,
    private readonly feed: Feed,
    private readonly opts: RegistryOptions,
  ) {
    this.onError = opts.onError;
    this.onDelivered = opts.onDelivered ?? (() => {});
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const s of this.all) s.heartbeat(now);
    }, HEARTBEAT_MS);
    this.timer.unref();
    this.unsubscribers.push(
      feed.onRevokedSessions((ids) => {
        for (const id of ids) for (const s of this.bySession.get(id) ?? []) s.end({ type: 'auth', reason: 'revoked' } as Frame);
      }),
      feed.onClinicStatus((clinicId, status) => {
        for (const s of this.all)
          if (s.owner.clinicId === clinicId && s.kind.name === STAFF_STREAM_NAME) s.send([{ type: 'clinic', status }]);
      }),
      feed.onListenerGap(() => void this.afterGap()),
    );
  }

  get size(): number {
    return this.all.size;
  }

  /** Open streams by kind name. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.all) out[s.kind.name] = (out[s.kind.name] ?? 0) + 1;
    return out;
  }

  async open(owner: StreamOwner, kind: StreamKind, res: Response): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Reverse proxies must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const stream = new Stream(owner, kind, res, (s) => this.remove(s));
    res.on('close', () => stream.markClosed());
    // One token once held 19,952 streams (and 660 MB): the newest wins, as the oldest is most likely a dead connection TCP has not noticed.
    const key = holderKey(stream);
    let mine = this.byHolder.get(key);
    if (!mine) {
      mine = new Set();
      this.byHolder.set(key, mine);
    }
    // Added before the oldest are ended: ending the last of a holder's streams would drop its set from the map.
    mine.add(stream);
    for (const old of [...mine].slice(0, Math.max(0, mine.size - this.opts.maxPerHolder))) {
      old.end(REPLACED);
      this.opts.onReplaced?.();
    }
    this.all.add(stream);
    if (owner.sessionId) {
      let set = this.bySession.get(owner.sessionId);
      if (!set) {
        set = new Set();
        this.bySession.set(owner.sessionId, set);
      }
      set.add(stream);
    }
    // Joined first, then the first frames: anything committed from here on
    // comes through the hub, anything before through the resync or snapshot.
    const hub = this.hubFor(owner.clinicId);
    hub.subscribers.add(stream);
    try {
      await hub.whenReady();
      const first = await kind.first(owner.clinicId);
      if (!stream.isClosed) stream.start(first);
    } catch (err) {
      this.onError(err);
      stream.end();
    }
  }

  /** Shutdown: every device is told to reconnect (to another instance). */
  closeAll(): void {
    clearInterval(this.timer);
    for (const u of this.unsubscribers) u();
    for (const s of [...this.all]) s.end({ type: 'bye' });
  }

  /**
   * A listener reconnected: revocations announced meanwhile were lost, so
   * every open stream's session is checked before the catch-up read, which
   * would otherwise hand a revoked device what was written while it was away.
   */
  private async afterGap(): Promise<void> {
    try {
      await this.endRevoked();
    } catch (err) {
      this.onError(err);
    }
    for (const { hub } of this.hubs.values()) hub.catchUp();
  }

  /** One query for all open sessions; a session gone from the table counts as revoked. */
  private async endRevoked(): Promise<void> {
    const clinicIds: string[] = [];
    const sessionIds: string[] = [];
    for (const [sessionId, set] of this.bySession) {
      const [first] = set;
      if (!first) continue;
      clinicIds.push(first.owner.clinicId);
      sessionIds.push(sessionId);
    }
    if (sessionIds.length === 0) return;
    const rows = await this.db.query<{ id: string }>(
      `SELECT o.id FROM unnest($1::uuid[], $2::uuid[]) AS o (clinic_id, id)
         LEFT JOIN sessions s ON s.clinic_id = o.clinic_id AND s.id = o.id
        WHERE s.id IS NULL OR s.revoked_at IS NOT NULL`,
      [clinicIds, sessionIds],
    );
    for (const { id } of rows) for (const s of [...(this.bySession.get(id) ?? [])]) s.end({ type: 'auth', reason: 'revoked' } as Frame);
  }

  private hubFor(clinicId: string): ClinicHub {
    const existing = this.hubs.get(clinicId);
    if (existing) return existing.hub;
    const hub = new ClinicHub(this.db, clinicId, this.onError, this.onDelivered);
    const unsubscribe = this.feed.onClinic(clinicId, (seq, at) => hub.notify(seq, at));
    this.hubs.set(clinicId, { hub, unsubscribe });
    return hub;
  }

  private remove(s: Stream): void {
    this.all.delete(s);
    const mine = this.byHolder.get(holderKey(s));
    mine?.delete(s);
    if (mine?.size === 0) this.byHolder.delete(holderKey(s));
    if (s.owner.sessionId) {
      const set = this.bySession.get(s.owner.sessionId);
      set?.delete(s);
      if (set?.size === 0) this.bySession.delete(s.owner.sessionId);
    }
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
