// A tablet in Node: RxDB with Dexie storage on its own fake IndexedDB,
// replicating through the real server with the real client code.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { randomUUID } from 'node:crypto';
import { openClinicDb, type ClinicDb } from '../client/db/database.ts';
import { ClinicSync } from '../client/db/replication.ts';
import { TokenAuth } from '../client/db/auth.ts';
import type { DeviceClock } from '../client/db/device-clock.ts';
import type { Grant } from '../server/auth/sessions.ts';

// The reception's own actions, for server tests that act as the tablet: server/
// reaches the client's code only through the test kit (biome.json's import rules).
export { EntryActions } from '../client/reception/entries.ts';
export { DoctorActions } from '../client/reception/doctors.ts';
export { DeviceClock } from '../client/db/device-clock.ts';
export { startAlivePings } from '../client/reception/alive.ts';
export { closeDueDays as closeDueDaysOnTablet } from '../client/reception/day-close.ts';

export interface TestTablet {
  db: ClinicDb;
  sync: ClinicSync;
  auth: TokenAuth;
  close(): Promise<void>;
}

export async function startTablet(
  baseUrl: string | (() => string),
  grant: Grant,
  opts: {
    indexedDB?: IDBFactory;
    name?: string;
    fetch?: typeof fetch;
    suspendedRetryMs?: number;
    pullBatchSize?: number;
    clock?: () => number;
    /** The clock this tablet stamps by and teaches the server's time (a test sets it 10 minutes fast). */
    deviceClock?: DeviceClock;
  } = {},
): Promise<TestTablet> {
  const storage = getRxStorageDexie({ indexedDB: opts.indexedDB ?? new IDBFactory(), IDBKeyRange });
  const db = await openClinicDb(opts.name ?? `tablet-${randomUUID()}`, storage);
  const base = typeof baseUrl === 'string' ? baseUrl : baseUrl();
  const auth = new TokenAuth(base, grant, undefined, opts.fetch);
  const sync = new ClinicSync(db, {
    baseUrl: base,
    auth,
    identifier: grant.device?.id ?? grant.user.id,
    retryMs: 300,
    suspendedRetryMs: opts.suspendedRetryMs ?? 300,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.pullBatchSize ? { pullBatchSize: opts.pullBatchSize } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.deviceClock ? { deviceClock: opts.deviceClock } : {}),
  });
  return {
    db,
    sync,
    auth,
    async close() {
      await sync.stop();
      await db.close();
    },
  };
}

/** A network the test can cut: requests fail like a dropped connection, open streams are torn down. */
export class Network {
  private open = new Set<AbortController>();
  private down = false;

  readonly fetch: typeof fetch = async (input, init) => {
    if (this.down) throw new TypeError('fetch failed (network down)');
    const ctl = new AbortController();
    const follow = () => ctl.abort(init?.signal?.reason);
    init?.signal?.addEventListener('abort', follow, { once: true });
    ctl.signal.addEventListener('abort', () => init?.signal?.removeEventListener('abort', follow), { once: true });
    this.open.add(ctl);
    try {
      const res = await fetch(input, { ...init, signal: ctl.signal });
      if (!res.body) return res;
      // Keep the controller while the body streams, so going offline cuts it.
      const body = res.body.pipeThrough(
        new TransformStream({
          flush: () => {
            this.open.delete(ctl);
            init?.signal?.removeEventListener('abort', follow);
          },
        }),
      );
      return new Response(body, { status: res.status, headers: res.headers });
    } catch (err) {
      this.open.delete(ctl);
      init?.signal?.removeEventListener('abort', follow);
      throw err;
    }
  };

  set offline(value: boolean) {
    this.down = value;
    if (value) {
      for (const c of this.open) c.abort(new TypeError('network down'));
      this.open.clear();
    }
  }
}
