// Long-lived device streams (Server-Sent Events over a plain GET, read with
// fetch so the token travels in a header, never in a URL). Staff devices get
// the documents; patient phones and displays get a projection of them.
// Tens of thousands are open per instance, so a stream is a small record
// (the methods live on its class, the listeners are shared functions), an
// event is serialised once per clinic and kind and the same bytes go to every
// stream, and one timer sends every heartbeat from one prebuilt buffer.
import type { ServerResponse } from 'node:http';
import type { Database } from '../db/database.ts';
import { HEARTBEAT_MS } from '../../shared/heartbeat.ts';
import type { StreamEvent } from '../../shared/protocol.ts';
import { withoutPhone } from '../../shared/doctor-copy.ts';
import { holdsPersons } from '../../shared/schemas.ts';
import type { Feed } from './feed.ts';
import { ClinicHub } from './hub.ts';
import { ReceptionPresences, type PresenceStreams } from './reception-presence.ts';
import { STREAM_SECURITY_HEADERS } from '../http/security-headers.ts';
import type { ClinicStatus } from '../../shared/saas.ts';

/** A device that cannot keep up is cut off; it reconnects and resyncs from its checkpoint. */
const MAX_BUFFERED_BYTES = 1 << 20;
/**
 * The heartbeat timer ticks this often and serves one slice of the streams
 * per tick: writing to 20,000 sockets at once would hold every push behind it.
 */
const HEARTBEAT_TICK_MS = 50;
const HEARTBEAT_SLICES = Math.max(1, Math.round(HEARTBEAT_MS / HEARTBEAT_TICK_MS));

const CRLF = Buffer.from('\r\n');

/**
 * Bytes for the wire, built once and written as they are to every stream:
 * also as one HTTP/1.1 chunk, the framing Node's response would add (and
 * allocate) per stream and per write.
 */
export class WireBytes {
  readonly chunk: Buffer;
  constructor(readonly raw: Buffer) {
    this.chunk = Buffer.concat([Buffer.from(`${raw.length.toString(16)}\r\n`), raw, CRLF]);
  }
}

const HEARTBEAT = new WireBytes(Buffer.from(': heartbeat\n\n'));

export interface Frame {
  type: string;
}

/** Server-Sent Events: the frame's type names the event, its JSON is the data. */
export function encodeFrames(frames: readonly Frame[]): WireBytes {
  let text = '';
  for (const f of frames) text += `event: ${f.type}\ndata: ${JSON.stringify(f)}\n\n`;
  return new WireBytes(Buffer.from(text));
}

/**
 * What a kind of stream sends for the hub's events, serialised once: the hub
 * hands the same array to every stream of a clinic, so the last answer is
 * the next one's too.
 */
export function sharedEncoder(framesOf: (events: StreamEvent[]) => Frame[]): (events: StreamEvent[]) => WireBytes | null {
  let lastEvents: StreamEvent[] | null = null;
  let lastBytes: WireBytes | null = null;
  return (events) => {
    if (events !== lastEvents) {
      const frames = framesOf(events);
      lastBytes = frames.length > 0 ? encodeFrames(frames) : null;
      lastEvents = events;
    }
    return lastBytes;
  };
}

export interface StreamOwner {
  clinicId: string;
  /** The session to close the stream with when it is revoked; null for patient links. */
  sessionId: string | null;
  /**
   * Who holds the stream, for the cap on streams per holder: the session (its
   * id), or the ticket link's `clinic:entry`. A device needs one stream; a
   * reload overlaps the old one for a moment.
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
  /** The bytes for the hub's events (null: nothing for this kind), from sharedEncoder(). */
  encode(events: StreamEvent[]): WireBytes | null;
}

const final = (e: StreamEvent) => encodeFrames([e]);
/** Sent to a stream closed because its holder opened a newer one beyond the cap: the client backs off before reconnecting. */
const REPLACED = final({ type: 'replaced' });
const REVOKED = final({ type: 'auth', reason: 'revoked' });
const EXPIRED = final({ type: 'auth', reason: 'expired' });
const BYE = final({ type: 'bye' });

const STREAM = Symbol('doctorq stream');
type StreamResponse = ServerResponse & { [STREAM]?: Stream };

/** One listener for every stream's response: the stream is found on the response. */
function onResponseClose(this: StreamResponse): void {
  this[STREAM]?.markClosed();
}

class Stream {
  closed = false;
  /** Events that reached the stream before its first frames were sent. */
  held: StreamEvent[] | null = [];
  /** Whether the response is chunked (HTTP/1.1), read once its head is written. */
  private readonly chunked: boolean;
  constructor(
    readonly owner: StreamOwner,
    readonly kind: StreamKind,
    readonly res: StreamResponse,
    readonly slice: number,
    private readonly registry: StreamRegistry,
  ) {
    this.chunked = (res as { chunkedEncoding?: boolean }).chunkedEncoding === true;
  }

  /**
   * The first frames (the staff resync, the public snapshot) must precede
   * any change: RxDB takes a change event's checkpoint as its own, so a
   * change processed before the catch-up pull would move the checkpoint past
   * documents the device never received.
   */
  start(first: Frame[]): void {
    const held = this.held;
    this.held = null;
    this.write(encodeFrames(first));
    if (held && held.length > 0) this.write(this.kind.encode(held));
  }

  send(events: StreamEvent[]): void {
    if (this.closed) return;
    if (this.held) {
      this.held.push(...events);
      return;
    }
    this.write(this.kind.encode(events));
  }

  heartbeat(now: number): void {
    if (now >= this.owner.expiresAt) this.end(EXPIRED);
    else this.write(HEARTBEAT);
  }

  end(final?: WireBytes): void {
    if (this.closed) return;
    this.held = null;
    if (final) this.write(final);
    this.closed = true;
    this.res.end();
    this.registry.remove(this);
  }

  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.registry.remove(this);
  }

  /**
   * Straight to the socket, after the head: one write of shared bytes, where
   * the response would cork, frame and schedule an uncork per stream. The
   * response's end() still writes the last chunk.
   */
  private write(bytes: WireBytes | null): void {
    if (this.closed || !bytes) return;
    const socket = this.res.socket;
    // A pipelined response has no socket until the one before it ends: the response keeps the order meanwhile.
    if (!socket) {
      this.res.write(bytes.raw);
      return;
    }
    socket.write(this.chunked ? bytes.chunk : bytes.raw);
    if (socket.writableLength > MAX_BUFFERED_BYTES) this.end();
  }
}

export const STAFF_STREAM_NAME = 'staff';
export const PUBLIC_STREAM_NAME = 'public';

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
    encode: sharedEncoder((events) => events),
  };
}

/** A doctor's screen's stream: the tablet's, with the visits' phone numbers left out (shared/doctor-copy.ts). */
export function doctorStream(db: Database): StreamKind {
  const staff = staffStream(db);
  return {
    // Counted with the tablets' streams, and told the clinic's status like them.
    name: STAFF_STREAM_NAME,
    first: staff.first,
    encode: sharedEncoder((events) =>
      events.map((e) => (e.type === 'changes' && holdsPersons(e.collection) ? { ...e, documents: e.documents.map(withoutPhone) } : e)),
    ),
  };
}

export interface RegistryOptions {
  onError: (err: unknown) => void;
  onDelivered?: (lagMs: number) => void;
  onReplaced?: () => void;
  /** Streams one holder (session, ticket link) keeps open; a newer one replaces the oldest. */
  maxPerHolder: number;
  /** A reception quiet for longer is reported to the clinic's phones (reception-presence.ts). */
  receptionSilentMs: number;
}

/** The head of every stream, built once. */
const STREAM_HEAD = [
  'content-type',
  'text/event-stream; charset=utf-8',
  'cache-control',
  'no-cache, no-transform',
  'connection',
  'keep-alive',
  // Reverse proxies must not buffer the stream.
  'x-accel-buffering',
  'no',
  ...STREAM_SECURITY_HEADERS.flat(),
];

export class StreamRegistry implements PresenceStreams {
  private readonly hubs = new Map<string, { hub: ClinicHub<Stream>; unsubscribe: () => void }>();
  /** A holder's streams in opening order (the first is the oldest); a session's are held by its id. */
  private readonly byHolder = new Map<string, Stream[]>();
  private readonly slices: Set<Stream>[] = Array.from({ length: HEARTBEAT_SLICES }, () => new Set());
  private nextSlice = 0;
  private tick = 0;
  private readonly onError: (err: unknown) => void;
  private readonly onDelivered: (lagMs: number) => void;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribers: (() => void)[] = [];
  /** Open streams per kind name and clinic: the presence asks which clinics phones watch, every few seconds. */
  private readonly openByKind = new Map<string, Map<string, number>>();
  readonly presence: ReceptionPresences;

  constructor(
    private readonly db: Database,
    private readonly feed: Feed,
    private readonly opts: RegistryOptions,
  ) {
    this.onError = opts.onError;
    this.onDelivered = opts.onDelivered ?? (() => {});
    // One timer for every stream: each tick serves one slice, so each stream hears one heartbeat per HEARTBEAT_MS.
    this.timer = setInterval(() => this.heartbeats(), HEARTBEAT_TICK_MS);
    this.timer.unref();
    this.presence = new ReceptionPresences(db, this, { silentMs: opts.receptionSilentMs, onError: opts.onError });
    this.unsubscribers.push(
      feed.onRevokedSessions((ids) => {
        for (const id of ids) this.endSession(id);
      }),
      feed.onClinicStatus((clinicId, status) => {
        this.sendTo(STAFF_STREAM_NAME, clinicId, [{ type: 'clinic', status }]);
      }),
      feed.onListenerGap(() => void this.afterGap()),
    );
  }

  get size(): number {
    let n = 0;
    for (const slice of this.slices) n += slice.size;
    return n;
  }

  /** Open streams by kind name. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const slice of this.slices) for (const s of slice) out[s.kind.name] = (out[s.kind.name] ?? 0) + 1;
    return out;
  }

  watchedClinics(): string[] {
    return [...(this.openByKind.get(PUBLIC_STREAM_NAME)?.keys() ?? [])];
  }

  sendPublic(clinicId: string, events: StreamEvent[]): void {
    this.sendTo(PUBLIC_STREAM_NAME, clinicId, events);
  }

  private sendTo(kindName: string, clinicId: string, events: StreamEvent[]): void {
    const hub = this.hubs.get(clinicId)?.hub;
    if (!hub) return;
    for (const s of hub.subscribers) if (s.kind.name === kindName) s.send(events);
  }

  private countOpen(s: Stream, by: 1 | -1): void {
    let clinics = this.openByKind.get(s.kind.name);
    if (!clinics) {
      clinics = new Map();
      this.openByKind.set(s.kind.name, clinics);
    }
    const n = (clinics.get(s.owner.clinicId) ?? 0) + by;
    if (n > 0) clinics.set(s.owner.clinicId, n);
    else clinics.delete(s.owner.clinicId);
  }

  async open(owner: StreamOwner, kind: StreamKind, res: ServerResponse): Promise<void> {
    res.writeHead(200, STREAM_HEAD);
    res.flushHeaders();
    const stream = new Stream(owner, kind, res, this.nextSlice, this);
    this.nextSlice = (this.nextSlice + 1) % HEARTBEAT_SLICES;
    (res as StreamResponse)[STREAM] = stream;
    res.on('close', onResponseClose);
    // One token once held 19,952 streams (and 660 MB): the newest wins, as the oldest is most likely a dead connection TCP has not noticed.
    let mine = this.byHolder.get(owner.holder);
    if (!mine) {
      mine = [];
      this.byHolder.set(owner.holder, mine);
    }
    // Added before the oldest are ended: ending the last of a holder's streams would drop its list from the map.
    mine.push(stream);
    const sameKind = mine.filter((s) => s.kind === kind);
    for (const old of sameKind.slice(0, Math.max(0, sameKind.length - this.opts.maxPerHolder))) {
      old.end(REPLACED);
      this.opts.onReplaced?.();
    }
    this.slices[stream.slice]!.add(stream);
    this.countOpen(stream, 1);
    // Joined first, then the first frames: anything committed from here on
    // comes through the hub, anything before through the resync or snapshot.
    const hub = this.hubFor(owner.clinicId);
    hub.subscribers.add(stream);
    try {
      await hub.whenReady();
      const first = await kind.first(owner.clinicId);
      if (!stream.closed) stream.start(first);
    } catch (err) {
      this.onError(err);
      stream.end();
    }
  }

  /** Shutdown: every device is told to reconnect (to another instance). */
  closeAll(): void {
    clearInterval(this.timer);
    this.presence.stop();
    for (const u of this.unsubscribers) u();
    for (const slice of this.slices) for (const s of [...slice]) s.end(BYE);
  }

  remove(s: Stream): void {
    if (this.slices[s.slice]!.delete(s)) this.countOpen(s, -1);
    const mine = this.byHolder.get(s.owner.holder);
    if (mine) {
      const i = mine.indexOf(s);
      if (i >= 0) mine.splice(i, 1);
      if (mine.length === 0) this.byHolder.delete(s.owner.holder);
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

  private heartbeats(): void {
    const now = Date.now();
    const slice = this.slices[this.tick]!;
    this.tick = (this.tick + 1) % HEARTBEAT_SLICES;
    // Copied: an expired stream leaves the slice as it ends.
    for (const s of [...slice]) s.heartbeat(now);
  }

  private endSession(sessionId: string): void {
    for (const s of [...(this.byHolder.get(sessionId) ?? [])]) if (s.owner.sessionId === sessionId) s.end(REVOKED);
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
    for (const [holder, mine] of this.byHolder) {
      const first = mine.find((s) => s.owner.sessionId === holder);
      if (!first) continue;
      clinicIds.push(first.owner.clinicId);
      sessionIds.push(holder);
    }
    if (sessionIds.length === 0) return;
    const rows = await this.db.query<{ id: string }>(
      `SELECT o.id FROM unnest($1::uuid[], $2::uuid[]) AS o (clinic_id, id)
         LEFT JOIN sessions s ON s.clinic_id = o.clinic_id AND s.id = o.id
        WHERE s.id IS NULL OR s.revoked_at IS NOT NULL`,
      [clinicIds, sessionIds],
    );
    for (const { id } of rows) this.endSession(id);
  }

  private hubFor(clinicId: string): ClinicHub<Stream> {
    const existing = this.hubs.get(clinicId);
    if (existing) return existing.hub;
    const hub = new ClinicHub<Stream>(this.db, clinicId, this.onError, this.onDelivered);
    const unsubscribe = this.feed.onClinic(clinicId, (seq, at) => hub.notify(seq, at));
    this.hubs.set(clinicId, { hub, unsubscribe });
    return hub;
  }
}
