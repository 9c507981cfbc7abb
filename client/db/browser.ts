// The clinic database in a browser: Dexie storage on IndexedDB. In
// development RxDB's dev-mode checks every schema and write; it is loaded
// only then, because in a browser it also adds a hidden iframe to rxdb.info
// and validating every write costs time the tablet does not have.
import { addRxPlugin, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openClinicDb, type ClinicDb } from './database.ts';

let devModeAdded = false;

async function storage(): Promise<RxStorage<unknown, unknown>> {
  // A tap counts as saved once its write resolves: Chromium's default
  // ('relaxed') resolves before the data reaches the disk, so a power cut
  // could still lose it. Strict waits for the flush, off the main thread.
  const dexie = getRxStorageDexie({ chromeTransactionDurability: 'strict' }) as RxStorage<unknown, unknown>;
  if (!import.meta.env.DEV) return dexie;
  const [{ RxDBDevModePlugin, disableWarnings }, { wrappedValidateAjvStorage }] = await Promise.all([
    import('rxdb/plugins/dev-mode'),
    import('rxdb/plugins/validate-ajv'),
  ]);
  if (!devModeAdded) {
    disableWarnings();
    addRxPlugin(RxDBDevModePlugin);
    devModeAdded = true;
  }
  return wrappedValidateAjvStorage({ storage: dexie }) as RxStorage<unknown, unknown>;
}

export async function openBrowserDb(name: string): Promise<ClinicDb> {
  return openClinicDb(name, await storage());
}

/**
 * RxDB's remove() empties the Dexie tables but leaves one empty IndexedDB
 * database per collection behind; a tablet re-enrolled every few months
 * would collect them. Deletes those too.
 */
export async function removeBrowserDb(db: ClinicDb): Promise<void> {
  const prefix = `rxdb-dexie-${db.name}--`;
  await db.remove();
  const names = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n?.startsWith(prefix));
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.deleteDatabase(name);
          req.onsuccess = () => resolve();
          // Blocked by a connection still closing: the browser finishes the deletion once it closes.
          req.onblocked = () => resolve();
          req.onerror = () => reject(req.error ?? new Error(`deleting ${name} failed`));
        }),
    ),
  );
}
