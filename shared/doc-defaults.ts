// What the fields added since schema 1 hold when nothing set them: the values an
// older document gains when the tablet migrates its database (client/db/schema.ts)
// and when the server backfills its copy (migrations/0017_schema_2.sql,
// 0020_schema_3.sql), and what code that makes a document starts from. One
// list, so the three agree.
import type { ClinicBooking, CollectionName, Doctor, DocOf, Entry, Settings } from './schemas.ts';

export const ENTRY_DEFAULTS = {
  cancelReason: null,
  lateUntil: null,
  language: null,
  whatsapp: false,
  appointmentId: null,
} as const satisfies Partial<Entry>;

export const DOCTOR_DEFAULTS = {
  pausedUntil: null,
  absentDay: null,
  booking: null,
} as const satisfies Partial<Doctor>;

/** Appointments off the booking page until the owner turns it on; 10 minutes either side of a slot. */
export const BOOKING_DEFAULTS: ClinicBooking = {
  online: false,
  daysAhead: 14,
  earlyMinutes: 10,
  lateMinutes: 10,
  lateAs: 'walk_in',
  reminders: true,
};

export const SETTINGS_DEFAULTS = {
  hours: null,
  alwaysPrint: false,
  ticketPaper: '80mm',
  requireHere: false,
  closeAfterMinutes: 60,
  closedThrough: null,
  booking: BOOKING_DEFAULTS,
} as const satisfies Partial<Settings>;

/**
 * An older document as the current schema reads it: what it holds wins over
 * the defaults. Appointments are new in schema 3: none is older.
 */
export const UPGRADE: { [C in CollectionName]: (doc: DocOf<C>) => DocOf<C> } = {
  entries: (doc) => ({ ...ENTRY_DEFAULTS, ...doc }),
  doctors: (doc) => ({ ...DOCTOR_DEFAULTS, ...doc }),
  settings: (doc) => ({ ...SETTINGS_DEFAULTS, ...doc }),
  appointments: (doc) => doc,
};
