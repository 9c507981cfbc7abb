// A tablet updated to schema 2 keeps its documents, unsynced changes included:
// RxDB migrates them in place with the shared defaults.
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openClinicDb } from './database.ts';
import { RX_SCHEMAS } from './schema.ts';
import { DOCTOR_DEFAULTS, ENTRY_DEFAULTS, SETTINGS_DEFAULTS } from '../../shared/doc-defaults.ts';
import { Entry } from '../../shared/schemas.ts';

/** The schema-1 form of a collection: version 0, without the fields schema 2 added. */
function schema1(schema: RxJsonSchema<unknown>, added: object): RxJsonSchema<unknown> {
  const properties = { ...(schema.properties as Record<string, unknown>) };
  for (const k of Object.keys(added)) delete properties[k];
  return {
    ...schema,
    version: 0,
    properties,
    required: (schema.required as string[]).filter((k) => !(k in added)),
  } as RxJsonSchema<unknown>;
}

const clinicId = '0190f6c4-7a2b-7c3d-8e4f-123456789abc';
const oldEntry = {
  id: 'e1',
  clinicId,
  day: '2026-12-01',
  ticket: 'A-001',
  name: 'Salma',
  phone: null,
  doctorId: null,
  priority: 'normal',
  status: 'waiting',
  rank: 'a0',
  source: 'reception',
  arrivedAt: 1,
  calledAt: null,
  startedAt: null,
  endedAt: null,
  updatedAt: 1,
};

describe('schema 2 on a tablet', () => {
  it('when a tablet with schema-1 documents opens the new app, then every document is kept with the new fields at their defaults', async () => {
    const indexedDB = new IDBFactory();
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
    const old = await createRxDatabase({ name: 'tablet-upgrade', storage, multiInstance: false });
    await old.addCollections({
      entries: { schema: schema1(RX_SCHEMAS.entries as RxJsonSchema<unknown>, ENTRY_DEFAULTS) },
      doctors: { schema: schema1(RX_SCHEMAS.doctors as RxJsonSchema<unknown>, DOCTOR_DEFAULTS) },
      settings: { schema: schema1(RX_SCHEMAS.settings as RxJsonSchema<unknown>, SETTINGS_DEFAULTS) },
    });
    await old.entries!.insert(oldEntry);
    await old.doctors!.insert({ id: 'd1', clinicId, name: 'Dr One', room: '1', active: true, updatedAt: 1 });
    await old.close();

    const db = await openClinicDb('tablet-upgrade', storage);
    const entry = (await db.entries.findOne('e1').exec())!.toJSON();
    expect(entry).toEqual({ ...oldEntry, ...ENTRY_DEFAULTS });
    expect(Entry.safeParse(entry).success).toBe(true);
    expect((await db.doctors.findOne('d1').exec())!.toJSON()).toMatchObject(DOCTOR_DEFAULTS);
    await db.remove();
  });
});
