// Whether a clinic's reception is heard from, for the phones and displays of
// its queue (issue 17): with the clinic's internet down, the tablet carries on
// offline and the public queue stops moving; a phone must say so rather than
// show old numbers as live.
//
// Heard from means something came from the tablet: its pings (POST
// /api/sync/v1/alive, at the pace the answer asks), pushes, pulls, a stream
// opening. An open stream alone proves nothing: when a clinic's uplink dies
// silently, the server's socket stays open and its heartbeats go into the void
// for the quarter of an hour TCP takes to give up.
//
// Nothing is written per ping: each instance keeps when it last heard each
// reception in memory and, once per tick, stamps `clinics.reception_seen_at`
// for all of them in one statement, reading it back for the clinics its phones
// and displays watch (another instance may hold the reception). A phone is
// sent a frame only when its clinic's reception goes quiet or comes back.
import type { Database } from '../db/database.ts';
import type { ReceptionPresence } from '../../shared/projection.ts';
import type { StreamEvent } from '../../shared/protocol.ts';

/** What the presence needs from the instance's streams (StreamRegistry). */
export interface PresenceStreams {
  /** Clinics with a public stream (phone, display) open on this instance. */
  watchedClinics(): string[];
  /** Hands events to the clinic's public streams on this instance. */
  sendPublic(clinicId: string, events: StreamEvent[]): void;
}

export interface PresenceOptions {
  /** Not heard from for longer than this, a reception counts as quiet. */
  silentMs: number;
  onError: (err: unknown) => void;
}

/** Ticks per silence: a reception heard right after a stamp is stamped again within a quarter of it. */
const TICKS_PER_SILENCE = 4;
/** Pings per silence: two may be lost before the clinic is reported quiet. */
const PINGS_PER_SILENCE = 3;
const MIN_TICK_MS = 250;

const live = (): ReceptionPresence => ({ seenAt: Date.now(), live: true });

export class ReceptionPresences {
  /** When this instance last heard each reception. */
  private readonly lastHeard = new Map<string, number>();
  /** Heard since the last stamp: the next tick stamps them. */
  private readonly toStamp = new Set<string>();
  /** What each watched clinic's phones were last told. */
  private told = new Map<string, ReceptionPresence>();
  private readonly timer: NodeJS.Timeout;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly streams: PresenceStreams,
    private readonly opts: PresenceOptions,
  ) {
    this.timer = setInterval(() => void this.tick(), Math.max(MIN_TICK_MS, opts.silentMs / TICKS_PER_SILENCE));
    this.timer.unref();
  }

  /** How long a reception waits before its next ping. */
  get pingMs(): number {
    return Math.round(this.opts.silentMs / PINGS_PER_SILENCE);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * The reception of `clinicId` spoke. Usually a memory write; a reception
   * heard after a silence is stamped at once, so its phones hear it is back
   * without waiting for a tick.
   */
  heard(clinicId: string): void {
    const now = Date.now();
    const before = this.lastHeard.get(clinicId);
    this.lastHeard.set(clinicId, now);
    if (before !== undefined && now - before <= this.opts.silentMs) {
      this.toStamp.add(clinicId);
      return;
    }
    this.db.query('UPDATE clinics SET reception_seen_at = now() WHERE id = $1', [clinicId]).then(() => {
      if (this.told.get(clinicId)?.live !== false) return;
      const p = live();
      this.told.set(clinicId, p);
      this.streams.sendPublic(clinicId, [{ type: 'reception', ...p }]);
    }, this.opts.onError);
  }

  /** For a public stream's snapshot; what it says counts as told, so the next tick sends only a change. */
  async of(clinicId: string): Promise<ReceptionPresence> {
    const heard = this.lastHeard.get(clinicId);
    let p = this.told.get(clinicId);
    if (heard !== undefined && Date.now() - heard <= this.opts.silentMs) p = live();
    else if (!p) p = await this.read(clinicId);
    this.told.set(clinicId, p);
    return p;
  }

  /** One statement per tick for the whole instance; a tick still running skips the next. */
  tick(): Promise<void> {
    this.ticking ??= this.refresh()
      .catch(this.opts.onError)
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async read(clinicId: string): Promise<ReceptionPresence> {
    const [row] = await this.db.query<{ seen_at: number | null; live: boolean | null }>(
      `SELECT (extract(epoch FROM reception_seen_at) * 1000)::float8 AS seen_at,
              reception_seen_at > now() - make_interval(secs => $2) AS live
         FROM clinics WHERE id = $1`,
      [clinicId, this.opts.silentMs / 1000],
    );
    return { seenAt: row?.seen_at ?? null, live: row?.live === true };
  }

  private async refresh(): Promise<void> {
    const now = Date.now();
    for (const [clinicId, at] of this.lastHeard) if (now - at > this.opts.silentMs) this.lastHeard.delete(clinicId);
    const stamp = [...this.toStamp];
    this.toStamp.clear();
    const watched = this.streams.watchedClinics();
    if (stamp.length === 0 && watched.length === 0) {
      this.told.clear();
      return;
    }
    // The stamp first: the select then reads the stamped rows as stamped.
    if (stamp.length > 0) await this.db.query('UPDATE clinics SET reception_seen_at = now() WHERE id = ANY($1::uuid[])', [stamp]);
    const rows =
      watched.length === 0
        ? []
        : await this.db.query<{ id: string; seen_at: number | null; live: boolean | null }>(
            `SELECT id, (extract(epoch FROM reception_seen_at) * 1000)::float8 AS seen_at,
                    reception_seen_at > now() - make_interval(secs => $2) AS live
               FROM clinics WHERE id = ANY($1::uuid[])`,
            [watched, this.opts.silentMs / 1000],
          );
    const told = new Map<string, ReceptionPresence>();
    for (const row of rows) {
      const p: ReceptionPresence = { seenAt: row.seen_at, live: row.live === true };
      const before = this.told.get(row.id);
      told.set(row.id, before && before.live === p.live ? before : p);
      // A clinic first seen here had its snapshots read meanwhile: only a change is news.
      if (before && before.live !== p.live) this.streams.sendPublic(row.id, [{ type: 'reception', ...p }]);
    }
    this.told = told;
  }
}
