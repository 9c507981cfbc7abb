// RxDB schemas generated from the shared zod schemas: one definition of a
// document for the tablet and the server.
import { z } from 'zod';
import type { RxJsonSchema } from 'rxdb';
import { COLLECTIONS, type CollectionName, type DocOf } from '../../shared/schemas.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

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
} as const;
