// The whole-clinic export: JSON Lines, one object a line (docs/export-format.md
// is its README). A header, every document of every collection as the devices
// replicate it (deleted ones too), the audit log, and an end line whose count
// tells a complete file from a cut one. Another DoctorQ imports it
// (server/owner/clinic-import.ts); secrets never enter it.
import { z } from 'zod';
import { CollectionName, TimeZone, Uuid } from './schemas.ts';

export const EXPORT_FORMAT = 'doctorq-clinic-export';
/** Raised when a line changes meaning; a reader refuses versions it does not know. */
export const EXPORT_VERSION = 1;

export const ExportHeader = z.object({
  type: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
  clinic: z.object({
    id: Uuid,
    name: z.string(),
    timeZone: TimeZone,
    /** Days of past visits kept on tablets (the owner's setting outside the documents). */
    localPastDays: z.number().int(),
    createdAt: z.string(),
  }),
  /** Lines of each kind that follow: documents per collection, audit rows. */
  counts: z.object({ docs: z.record(z.string(), z.number().int().min(0)), audit: z.number().int().min(0) }),
});
export type ExportHeader = z.infer<typeof ExportHeader>;

export const DocLine = z.object({
  type: z.literal('doc'),
  collection: CollectionName,
  /** The document as replicated, `_deleted` included; checked against its collection's schema on import. */
  data: z.record(z.string(), z.unknown()),
});
export type DocLine = z.infer<typeof DocLine>;

const Named = z.object({ id: z.string(), name: z.string().nullable() }).nullable();

export const AuditLine = z.object({
  type: z.literal('audit'),
  id: z.number().int(),
  at: z.string(),
  /** A member of the staff, the device they used, a DoctorQ operator: null when not them. */
  user: Named,
  device: Named,
  operator: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditLine = z.infer<typeof AuditLine>;

export const EndLine = z.object({
  type: z.literal('end'),
  /** Lines before this one, the header included. */
  lines: z.number().int().min(1),
});
export type EndLine = z.infer<typeof EndLine>;

export const ExportLine = z.discriminatedUnion('type', [ExportHeader, DocLine, AuditLine, EndLine]);
export type ExportLine = z.infer<typeof ExportLine>;

/**
 * A document moved to another clinic: its clinicId, and its id where the id is
 * the clinic's (the settings document). Every other id stays, so visits keep
 * their doctor.
 */
export function rehomed(data: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  return { ...data, clinicId: to, ...(data.id === from ? { id: to } : {}) };
}
