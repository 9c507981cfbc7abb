import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openClinicDb } from './database.ts';
import { loadLastSync, saveLastSync } from './last-sync.ts';

describe('the last sync time', () => {
  it('when the tablet reopens its database (a reload), then the last sync time is still there; an older time never replaces a newer one', async () => {
    const indexedDB = new IDBFactory();
    const open = () => openClinicDb('tablet-last-sync', getRxStorageDexie({ indexedDB, IDBKeyRange }));
    const first = await open();
    expect(await loadLastSync(first)).toBeNull();
    await saveLastSync(first, 2_000);
    await saveLastSync(first, 1_000);
    await first.close();

    const reopened = await open();
    expect(await loadLastSync(reopened)).toBe(2_000);
    await saveLastSync(reopened, 3_000);
    expect(await loadLastSync(reopened)).toBe(3_000);
    await reopened.remove();
  });
});
