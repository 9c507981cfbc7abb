// Whether a clinic's reception is heard from, for the phones and displays of
// its queue (issue 17): with the clinic's internet down, the tablet carries on
// offline and the public queue stops moving; a phone must say so rather than
// show old numbers as live. A reception stream open on some instance is the
// sign of life: it already is there, so this costs the hot path nothing per
// heartbeat or per device. Instances share it through the database: each tick,
// one statement stamps `clinics.reception_seen_at` for every clinic whose
// reception this instance holds and reads it back for every clinic this
// instance's phones and displays watch; a frame goes out only when a clinic's
// reception goes quiet or comes back.
import type { Database } from '../db/database.ts';
import type { ReceptionPresence } from '../../shared/projection.ts';
import type { StreamEvent } from '../../shared/protocol.ts';

/** What the presence needs from the instance's streams (StreamRegistry). */
export interface PresenceStreams {
  /** Clinics with a reception (staff) stream open on this instance. */
  receptionClinics(): string[];
  /** Clinics with a public stream (phone, display) open on this instance. */
  watchedClinics(): string[];
  hasReception(clinicId: string): boolean;
  /** Hands events to the clinic's public streams on this instance. */
  sendPublic(clinicId: string, events: StreamEvent[]): void;
}

export interface PresenceOptions {
  /** Quiet for longer than this, a reception counts as not heard from. */
  silentMs: number;
  onError: (err: unknown) => void;
}

/**
 * Ticks per silence: a reception that closed its stream right after a stamp
 * is reported quiet after `silentMs` plus at most one tick.
 */
const TICKS_PER_SILENCE = 4;

const live = (): ReceptionPresence => ({ seenAt: Date.now(), live: true });

export class ReceptionPresences {
  /** What each watched clinic's phones were last told. */
  private told = new Map<string, ReceptionPresence>();
  private readonly timer: NodeJS.Timeout;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly streams: PresenceStreams,
    private readonly opts: PresenceOptions,
  ) {
    this.timer = setInterval(() => void this.tick(), Math.max(250, opts.silentMs / TICKS_PER_SILENCE));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** For a public stream's snapshot; what it says counts as told, so the next tick sends only a change. */
  async of(clinicId: string): Promise<ReceptionPresence> {
    let p = this.told.get(clinicId);
    if (this.streams.hasReception(clinicId)) p = live();
    else if (!p) p = await this.read(clinicId);
    this.told.set(clinicId, p);
    return p;
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

  /** A reception opened its first stream on this instance: its phones hear it now, not at the next tick. */
  heard(clinicId: string): void {
    this.db.query('UPDATE clinics SET reception_seen_at = now() WHERE id = $1', [clinicId]).then(() => {
      if (this.told.get(clinicId)?.live === false) this.tell(clinicId, live());
    }, this.opts.onError);
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

  private async refresh(): Promise<void> {
    const receptions = this.streams.receptionClinics();
    const watched = this.streams.watchedClinics();
    if (receptions.length === 0 && watched.length === 0) {
      this.told.clear();
      return;
    }
    // The select reads the rows as they were before the stamp: the stamped clinics are live by definition.
    const rows = await this.db.query<{ id: string; seen_at: number | null; live: boolean | null }>(
      `WITH stamped AS (UPDATE clinics SET reception_seen_at = now() WHERE id = ANY($1::uuid[]) RETURNING id)
       SELECT id, (extract(epoch FROM reception_seen_at) * 1000)::float8 AS seen_at,
              reception_seen_at > now() - make_interval(secs => $3) AS live
         FROM clinics WHERE id = ANY($2::uuid[])`,
      [receptions, watched, this.opts.silentMs / 1000],
    );
    const mine = new Set(receptions);
    const told = new Map<string, ReceptionPresence>();
    for (const row of rows) {
      const now: ReceptionPresence = mine.has(row.id) ? live() : { seenAt: row.seen_at, live: row.live === true };
      const before = this.told.get(row.id);
      told.set(row.id, before && before.live === now.live ? before : now);
      // A clinic first seen here had its snapshots read meanwhile: only a change is news.
      if (before && before.live !== now.live) this.streams.sendPublic(row.id, [{ type: 'reception', ...now }]);
    }
    this.told = told;
  }

  private tell(clinicId: string, p: ReceptionPresence): void {
    this.told.set(clinicId, p);
    this.streams.sendPublic(clinicId, [{ type: 'reception', ...p }]);
  }
}
