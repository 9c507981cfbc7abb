// The audit log as the owner and the operator read it (server/owner/audit.ts
// writes and reads it). Details name fields and status changes, never values.
import { z } from 'zod';

export const AuditEvent = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  actorName: z.string().nullable(),
  /** Set when a DoctorQ operator acted (actor and device are then null). */
  operatorName: z.string().nullable(),
  device: z.string().nullable(),
  deviceName: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  /** The target as people name it (a visit's ticket, a doctor's or device's name); null when gone or nameless. */
  targetLabel: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Newest first; the next page asks for the events `before` the last id shown. */
export const AuditPage = z.object({ events: z.array(AuditEvent) });
export type AuditPage = z.infer<typeof AuditPage>;
export const AUDIT_PAGE_SIZE = 50;
