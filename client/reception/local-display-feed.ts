// Feeds the waiting-room screens opened on this machine (client/live/local-channel.ts)
// from the tablet's own database, so they call patients with or without the
// internet. Every document goes through the public projection's whitelist
// (shared/projection.ts) before it is posted: that is the only way out of
// here, and it drops names and phones. Idle (no posting at all, no work on a
// tap) until a screen says it is watching.
import type { RxCollection, RxDocumentData } from 'rxdb';
import type { Observable, Subscription } from 'rxjs';
import { HEARTBEAT_MS } from '../../shared/heartbeat.ts';
import { toPublicDoctor, toPublicEntry, toPublicSettings } from '../../shared/projection.ts';
import type { Doctor, Settings } from '../../shared/schemas.ts';
import type { ClinicDb } from '../db/database.ts';
import { localChannelName, type LocalFrame, type LocalMessage } from '../live/local-channel.ts';
import { dayQuery } from './live-day.ts';
import { clinicToday, DEFAULT_TIME_ZONE } from './useClinicData.ts';

/** A screen that stopped saying it watches (closed, or its tab frozen) is no longer fed after this. */
const WATCH_TIMEOUT_MS = 3 * HEARTBEAT_MS;

interface Change<T> {
  operation: 'INSERT' | 'UPDATE' | 'DELETE';
  documentData: RxDocumentData<T>;
}

type Wire<T> = T & { _deleted: boolean };
const wire = <T>(ev: Change<T>): Wire<T> => ({ ...ev.documentData, _deleted: ev.operation === 'DELETE' || ev.documentData._deleted });

export class LocalDisplayFeed {
  private readonly channel: BroadcastChannel;
  private readonly subs: Subscription[];
  private readonly timer: ReturnType<typeof setInterval>;
  private watchedAt = 0;
  /** Changes made while a snapshot is being read: posted after it, which they may be newer than. */
  private held: LocalFrame[] | null = null;

  constructor(
    private readonly db: ClinicDb,
    private readonly clinicId: string,
  ) {
    this.channel = new BroadcastChannel(localChannelName(clinicId));
    this.channel.onmessage = (ev: MessageEvent<LocalMessage>) => {
      const type = ev.data?.type;
      if (type !== 'hello' && type !== 'watching') return;
      // A screen that just opened or lost us, or one this tab did not know (it was reloaded): the whole queue first.
      const needsAll = type === 'hello' || !this.watched();
      this.watchedAt = Date.now();
      if (needsAll) void this.snapshot().catch((err: unknown) => console.warn('local screen snapshot failed', err));
    };
    const on = <T>(col: RxCollection<T>, frame: (docs: Wire<T>[]) => LocalFrame | null) =>
      (col.eventBulks$ as unknown as Observable<{ events: Change<T>[] }>).subscribe((bulk) => {
        if (!this.watched()) return;
        const f = frame(bulk.events.map(wire));
        if (!f) return;
        if (this.held) this.held.push(f);
        else this.post(f);
      });
    this.subs = [
      on(db.entries, (docs) => ({ type: 'entries', documents: docs.map(toPublicEntry) })),
      on(db.doctors, (docs) => ({ type: 'doctors', documents: docs.map(toPublicDoctor) })),
      on(db.settings, (docs) => {
        const s = docs.filter((d) => !d._deleted).at(-1);
        return s ? { type: 'settings', settings: toPublicSettings(s) } : null;
      }),
    ];
    this.timer = setInterval(() => {
      if (this.watched()) this.post({ type: 'heartbeat' });
    }, HEARTBEAT_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const s of this.subs) s.unsubscribe();
    this.channel.close();
  }

  private watched(): boolean {
    return Date.now() - this.watchedAt < WATCH_TIMEOUT_MS;
  }

  private post(m: LocalMessage): void {
    this.channel.postMessage(m);
  }

  private async snapshot(): Promise<void> {
    if (this.held) return;
    this.held = [];
    try {
      await this.postSnapshot();
    } finally {
      const held = this.held;
      this.held = null;
      for (const f of held) this.post(f);
    }
  }

  private async postSnapshot(): Promise<void> {
    const settingsDoc = await this.db.settings.findOne(this.clinicId).exec();
    const settings = settingsDoc ? (settingsDoc.toJSON() as Settings) : null;
    const day = clinicToday(Date.now(), settings?.timeZone ?? DEFAULT_TIME_ZONE);
    const [entries, doctors] = await Promise.all([dayQuery(this.db.entries, day).exec(), this.db.doctors.find().exec()]);
    this.post({
      type: 'snapshot',
      entries: entries.map((d) => toPublicEntry({ ...d.toJSON(), _deleted: false })),
      doctors: doctors.map((d) => toPublicDoctor({ ...(d.toJSON() as Doctor), _deleted: false })),
      settings: settings ? toPublicSettings(settings) : null,
      // This machine is the reception: a screen it feeds is as current as the tablet.
      reception: null,
      at: Date.now(),
    });
  }
}
