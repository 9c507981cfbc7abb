// What the fields added in schema 2 hold when nothing set them: the values a
// schema-1 document gains when the tablet migrates its database (client/db/schema.ts)
// and when the server backfills its copy (migrations/0017_schema_2.sql), and
// what code that makes a document starts from. One list, so the three agree.
import type { CollectionName, Doctor, DocOf, Entry, Settings } from './schemas.ts';

export const ENTRY_DEFAULTS = {
  cancelReason: null,
  lateUntil: null,
  language: null,
  whatsapp: false,
} as const satisfies Partial<Entry>;

export const DOCTOR_DEFAULTS = {
  pausedUntil: null,
  absentDay: null,
} as const satisfies Partial<Doctor>;

export const SETTINGS_DEFAULTS = {
  hours: null,
  alwaysPrint: false,
  ticketPaper: '80mm',
  requireHere: false,
  closeAfterMinutes: 60,
  closedThrough: null,
} as const satisfies Partial<Settings>;

/** A schema-1 document as schema 2 reads it: what it holds wins over the defaults. */
export const TO_SCHEMA_2: { [C in CollectionName]: (doc: DocOf<C>) => DocOf<C> } = {
  entries: (doc) => ({ ...ENTRY_DEFAULTS, ...doc }),
  doctors: (doc) => ({ ...DOCTOR_DEFAULTS, ...doc }),
  settings: (doc) => ({ ...SETTINGS_DEFAULTS, ...doc }),
};
