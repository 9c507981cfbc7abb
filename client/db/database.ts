// One RxDB database per page, created once: the clinic's documents on this
// device. Storage is injected (Dexie on IndexedDB in the browser and on
// fake-indexeddb in tests).
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBUpdatePlugin } from 'rxdb/plugins/update';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import type { DocOf } from '../../shared/schemas.ts';
import { ENTRY_GROUPS, mergeDocs } from '../../shared/merge.ts';
import { deepEqual } from '../../shared/equal.ts';
import { RX_SCHEMAS } from './schema.ts';

addRxPlugin(RxDBUpdatePlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

export type ClinicCollections = {
  entries: RxCollection<DocOf<'entries'>>;
  doctors: RxCollection<DocOf<'doctors'>>;
  settings: RxCollection<DocOf<'settings'>>;
};
export type ClinicDb = RxDatabase<ClinicCollections>;

type Merged = { updatedAt: number; _deleted: boolean } & Record<string, unknown>;

/** The rules are written beside mergeDocs in shared/merge.ts. */
function conflictHandler(groups: readonly (readonly string[])[]) {
  return {
    isEqual: (a: unknown, b: unknown) => deepEqual(a, b),
    resolve: async (i: { assumedMasterState?: unknown; realMasterState: unknown; newDocumentState: unknown }) =>
      mergeDocs(i.assumedMasterState as Merged | undefined, i.newDocumentState as Merged, i.realMasterState as Merged, groups),
  };
}

export async function openClinicDb(name: string, storage: RxStorage<unknown, unknown>): Promise<ClinicDb> {
  const db = await createRxDatabase<ClinicCollections>({
    name,
    storage,
    // The reception app replicates from one tab (see client/db/replication.ts).
    multiInstance: false,
    closeDuplicates: true,
    // Sync bookkeeping (pending.ts) lives in local documents.
    localDocuments: true,
  });
  await db.addCollections({
    entries: { schema: RX_SCHEMAS.entries, conflictHandler: conflictHandler(ENTRY_GROUPS) as never },
    doctors: { schema: RX_SCHEMAS.doctors, conflictHandler: conflictHandler([]) as never },
    settings: { schema: RX_SCHEMAS.settings, conflictHandler: conflictHandler([]) as never },
  });
  return db;
}
