// RxDB schemas generated from the shared zod schemas: one definition of a
// document for the tablet and the server.
import { z } from 'zod';
import type { RxJsonSchema } from 'rxdb';
import { COLLECTIONS, type CollectionName, type DocOf } from '../../shared/schemas.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';
import { UPGRADE } from '../../shared/doc-defaults.ts';

function rxSchema<C extends CollectionName>(name: C, indexes: string[] = []): RxJsonSchema<DocOf<C>> {
  const json = z.toJSONSchema(COLLECTIONS[name], { target: 'draft-7' }) as {
    properties: Record<string, unknown>;
    required: string[];
  };
  return {
    title: name,
    // RxDB numbers its own versions from 0; ours start at 1.
    version: SCHEMA_VERSION - 1,
    primaryKey: 'id',
    type: 'object',
    properties: json.properties,
    required: json.required,
    indexes,
    additionalProperties: false,
  } as RxJsonSchema<DocOf<C>>;
}

export const RX_SCHEMAS = {
  entries: rxSchema('entries', ['day']),
  doctors: rxSchema('doctors'),
  settings: rxSchema('settings'),
  appointments: rxSchema('appointments', ['day']),
} as const;

/**
 * RxDB's migration from each older version (keys: the version migrated to): a
 * tablet opened by a newer app moves its documents forward in place, unsynced
 * changes included. The server backfills its copy the same way
 * (migrations/0017_schema_2.sql, 0020_schema_3.sql); the clinic's hours came
 * with the settings document the server sent after its schema-2 backfill.
 * Each step fills every default still missing, so a schema-1 tablet reaches
 * schema 3 whichever steps RxDB runs.
 */
const steps = <C extends CollectionName>(c: C) => ({ 1: UPGRADE[c], 2: UPGRADE[c] });
export const MIGRATIONS = {
  entries: steps('entries'),
  doctors: steps('doctors'),
  settings: steps('settings'),
  appointments: steps('appointments'),
} as const;
