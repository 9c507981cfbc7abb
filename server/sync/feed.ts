// Instance-wide fan-out: commits made through any instance become wake-ups
// for this instance's streams. Postgres LISTEN/NOTIFY by default (the push
// statement notifies at commit); Redis pub/sub when REDIS_URL is set, for
// deployments where NOTIFY's commit-time lock would serialise too much
// (then the instance that committed announces the change after commit).
// Revocations always travel by NOTIFY: they are rare.
import { createClient } from 'redis';
import type { Database } from '../db/database.ts';
import { REVOKED_CHANNEL } from '../auth/sessions.ts';
import { CLINIC_STATUS_CHANNEL } from '../billing/subscription.ts';
import { ClinicStatus } from '../../shared/saas.ts';

export const CHANGES_CHANNEL = 'dq_changes';
const REDIS_CHANNEL = 'doctorq:changes';

/** committedAt: the commit's time (ms) when the notifier sent it. */
type ChangeListener = (seq: number, committedAt: number | null) => void;

interface ChangeTransport {
  /** True when the database notifies by itself (dq_push's p_notify). */
  readonly inDatabase: boolean;
  start(onMessage: (payload: string) => void, onDown: () => void, onGap: () => void): Promise<void>;
  publish(payload: string): Promise<void>;
  stop(): Promise<void>;
}

function pgTransport(db: Database): ChangeTransport {
  let unlisten: (() => Promise<void>) | null = null;
  return {
    inDatabase: true,
    async start(onMessage, onDown, onGap) {
      unlisten = await db.listen(CHANGES_CHANNEL, onMessage, { onDisconnect: onDown, onReconnect: onGap });
    },
    publish: async () => {},
    stop: async () => unlisten?.(),
  };
}

function redisTransport(url: string): ChangeTransport {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', () => {});
  return {
    inDatabase: false,
    async start(onMessage, onDown, onGap) {
      let wasDown = false;
      sub.on('end', onDown);
      sub.on('reconnecting', () => {
        wasDown = true;
        onDown();
      });
      sub.on('ready', () => {
        if (wasDown) onGap();
        wasDown = false;
      });
      await Promise.all([pub.connect(), sub.connect()]);
      await sub.subscribe(REDIS_CHANNEL, onMessage);
    },
    async publish(payload) {
      await pub.publish(REDIS_CHANNEL, payload);
    },
    async stop() {
      await Promise.allSettled([sub.close(), pub.close()]);
    },
  };
}

export class Feed {
  private readonly byClinic = new Map<string, Set<ChangeListener>>();
  private readonly revokedListeners = new Set<(sessionIds: string[]) => void>();
  private readonly statusListeners = new Set<(clinicId: string, status: ClinicStatus) => void>();
  private readonly gapListeners = new Set<() => void>();
  private readonly transport: ChangeTransport;
  private unlistenRevoked: (() => Promise<void>) | null = null;
  private unlistenStatus: (() => Promise<void>) | null = null;
  private down = new Set<'changes' | 'revoked' | 'status'>(['changes', 'revoked', 'status']);

  constructor(
    private readonly db: Database,
    opts: { redisUrl?: string | undefined } = {},
  ) {
    this.transport = opts.redisUrl ? redisTransport(opts.redisUrl) : pgTransport(db);
  }

  /** Whether pushes should let the database notify (false: announce() after commit). */
  get notifiesInDatabase(): boolean {
    return this.transport.inDatabase;
  }

  /** Both listeners connected (readiness). */
  get connected(): boolean {
    return this.down.size === 0;
  }

  async start(): Promise<void> {
    const up = (what: 'changes' | 'revoked' | 'status') => () => {
      this.down.delete(what);
      this.onGap();
    };
    await this.transport.start(
      (p) => this.onChange(p),
      () => this.down.add('changes'),
      up('changes'),
    );
    this.down.delete('changes');
    this.unlistenRevoked = await this.db.listen(REVOKED_CHANNEL, (p) => this.onRevoked(p), {
      onDisconnect: () => this.down.add('revoked'),
      onReconnect: up('revoked'),
    });
    this.down.delete('revoked');
    // A status change missed while this listener reconnects reaches the tablets at their next refused push or reconnection.
    this.unlistenStatus = await this.db.listen(CLINIC_STATUS_CHANNEL, (p) => this.onStatus(p), {
      onDisconnect: () => this.down.add('status'),
      onReconnect: up('status'),
    });
    this.down.delete('status');
  }

  async stop(): Promise<void> {
    this.down.add('changes');
    await Promise.all([this.transport.stop(), this.unlistenRevoked?.(), this.unlistenStatus?.()]);
  }

  /** After a commit that wrote documents, when the fan-out is not the database's own. */
  async announce(clinicId: string, seq: number): Promise<void> {
    if (this.transport.inDatabase) return;
    await this.transport.publish(`${clinicId}:${seq}:${Date.now()}`);
  }

  /** Subscribes to commits in one clinic; returns the unsubscribe. */
  onClinic(clinicId: string, fn: ChangeListener): () => void {
    let set = this.byClinic.get(clinicId);
    if (!set) {
      set = new Set();
      this.byClinic.set(clinicId, set);
    }
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

  onClinicStatus(fn: (clinicId: string, status: ClinicStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /** Notifications may have been lost (a listener reconnected): everyone must re-read. */
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

  private onStatus(payload: string): void {
    const [clinicId, raw] = payload.split(':');
    const status = ClinicStatus.safeParse(raw);
    if (!clinicId || !status.success) return;
    for (const fn of this.statusListeners) fn(clinicId, status.data);
  }

  private onGap(): void {
    for (const fn of this.gapListeners) fn();
  }
}
