// One RxDB database per page, created once: the clinic's documents on this
// device. Storage is injected (Dexie on IndexedDB in the browser and on
// fake-indexeddb in tests).
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBUpdatePlugin } from 'rxdb/plugins/update';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBCleanupPlugin } from 'rxdb/plugins/cleanup';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { DocOf } from '../../shared/schemas.ts';
import { APPOINTMENT_GROUPS, ENTRY_GROUPS, mergeDocs } from '../../shared/merge.ts';
import { deepEqual } from '../../shared/equal.ts';
import { MIGRATIONS, RX_SCHEMAS } from './schema.ts';
import { SupersededCopies } from './superseded.ts';

addRxPlugin(RxDBUpdatePlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);
// Purged visits leave tombstones until cleanup removes them (window-purge.ts).
addRxPlugin(RxDBCleanupPlugin);
// A tablet that updates keeps its documents: they migrate to the new schema where they are (schema.ts).
addRxPlugin(RxDBMigrationSchemaPlugin);

export type ClinicCollections = {
  entries: RxCollection<DocOf<'entries'>>;
  doctors: RxCollection<DocOf<'doctors'>>;
  settings: RxCollection<DocOf<'settings'>>;
  appointments: RxCollection<DocOf<'appointments'>>;
};
export type ClinicDb = RxDatabase<ClinicCollections>;

type Merged = { updatedAt: number; _deleted: boolean } & Record<string, unknown>;

/**
 * What the sync decided about a push the server refused, for the conflict
 * handler to act on instead of merging (replication.ts reports the refused
 * row to RxDB as a conflict so that the push ends and the downstream flows):
 * - `set_aside`: refused for good; the local copy goes back to the server's
 *   (the refused edit is kept in set-aside.ts for the receptionist);
 * - `park`: refused for now (suspension); the local edit must stay as it is
 *   and unpushed, so the resolution fails on purpose: RxDB then leaves the
 *   document unmarked and the sync offers it again later (replication.ts).
 */
export type RefusalVerdict = 'set_aside' | 'park';

export class PushRefusals {
  private readonly verdicts = new Map<string, RefusalVerdict>();
  set(collection: string, id: string, verdict: RefusalVerdict): void {
    this.verdicts.set(`${collection}/${id}`, verdict);
  }
  /** Each verdict answers the one conflict report it was made for. */
  take(collection: string, id: string): RefusalVerdict | undefined {
    const k = `${collection}/${id}`;
    const v = this.verdicts.get(k);
    this.verdicts.delete(k);
    return v;
  }
}

/** Thrown by the conflict handler for a parked document: RxDB leaves it unpushed. */
export class ParkedPush extends Error {
  constructor(id: string) {
    super(`push of ${id} parked until the server takes changes again`);
  }
}

/** What the sync learnt that the conflict handler acts on (replication.ts records it, RxDB asks). */
export type SyncVerdicts = { refusals: PushRefusals; superseded: SupersededCopies };

const verdictsByDb = new WeakMap<ClinicDb, SyncVerdicts>();
export const syncVerdictsOf = (db: ClinicDb): SyncVerdicts => verdictsByDb.get(db)!;

/**
 * RxDB's name for its check of a copy coming down from the server (first)
 * against the device's (second): equal means there is nothing to store.
 * A copy the server has moved past, as this device's pushes showed, counts
 * as equal, so it is not stored over the newer copy (superseded.ts).
 */
const DOWNSTREAM_CHECK = 'downstream-check-if-equal-1';

/** The rules are written beside mergeDocs in shared/merge.ts. */
function conflictHandler(collection: string, groups: readonly (readonly string[])[], { refusals, superseded }: SyncVerdicts) {
  return {
    isEqual: (a: unknown, b: unknown, context: string) =>
      (context === DOWNSTREAM_CHECK && superseded.has(collection, a as { id: string })) || deepEqual(a, b),
    resolve: async (i: { assumedMasterState?: unknown; realMasterState: unknown; newDocumentState: unknown }) => {
      const verdict = refusals.take(collection, (i.newDocumentState as { id: string }).id);
      if (verdict === 'set_aside') return i.realMasterState;
      if (verdict === 'park') throw new ParkedPush((i.newDocumentState as { id: string }).id);
      return mergeDocs(i.assumedMasterState as Merged | undefined, i.newDocumentState as Merged, i.realMasterState as Merged, groups);
    },
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
  const verdicts: SyncVerdicts = { refusals: new PushRefusals(), superseded: new SupersededCopies() };
  verdictsByDb.set(db, verdicts);
  await db.addCollections({
    entries: {
      schema: RX_SCHEMAS.entries,
      migrationStrategies: MIGRATIONS.entries,
      conflictHandler: conflictHandler('entries', ENTRY_GROUPS, verdicts) as never,
    },
    doctors: {
      schema: RX_SCHEMAS.doctors,
      migrationStrategies: MIGRATIONS.doctors,
      conflictHandler: conflictHandler('doctors', [], verdicts) as never,
    },
    settings: {
      schema: RX_SCHEMAS.settings,
      migrationStrategies: MIGRATIONS.settings,
      conflictHandler: conflictHandler('settings', [], verdicts) as never,
    },
    appointments: {
      schema: RX_SCHEMAS.appointments,
      migrationStrategies: MIGRATIONS.appointments,
      conflictHandler: conflictHandler('appointments', APPOINTMENT_GROUPS, verdicts) as never,
    },
  });
  return db;
}
