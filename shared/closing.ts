// Closing a clinic (docs/security.md, "Closing a clinic and personal data"):
// the owner types the clinic's name to confirm; personal data is erased at
// once and the rest of the clinic's data after a grace period.
import { z } from 'zod';
import { Text } from './schemas.ts';

/** The grace period's default (CLOSED_CLINIC_GRACE_DAYS): a month to notice a mistake and take the final export. */
export const DEFAULT_CLOSED_GRACE_DAYS = 30;

export const CloseClinicBody = z.object({ confirmName: Text(200, { min: 1 }) }).strict();
export type CloseClinicBody = z.infer<typeof CloseClinicBody>;

export const ClosedClinic = z.object({
  closedAt: z.string(),
  /** When the rest of the clinic's data is deleted (the end of the grace period). */
  purgeAfter: z.string(),
});
export type ClosedClinic = z.infer<typeof ClosedClinic>;

const comparable = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Whether the typed name confirms closing the clinic named `clinicName`:
 * equal once both are NFC, trimmed, their spaces collapsed and lower-cased
 * (a phone keyboard's capital or a doubled space is no reason to refuse; a
 * different name is). An empty name confirms nothing.
 */
export function confirmsClose(typed: string, clinicName: string): boolean {
  const want = comparable(clinicName);
  return want.length > 0 && comparable(typed) === want;
}

/** The end of the grace period of a clinic closed at `closedAt` (epoch ms). */
export function purgeAfter(closedAt: number, graceDays: number): number {
  return closedAt + graceDays * 86_400_000;
}
