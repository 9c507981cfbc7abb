// What erasing a patient from a document means, in one place for every
// eraser: retention (server/owner/retention.ts, a visit past its period,
// written through dq_push) and a clinic's close (server/docs/erasure.ts, every
// document at once). Both erase every collection of PERSON_COLLECTIONS
// (shared/schemas.ts), so a new one is erased by both the day it is listed.
import { ERASED_NAME } from './schemas.ts';

/** The fields of a person once erased: the name marked, no way to reach them. */
export const ERASED_PERSON = { name: ERASED_NAME, phone: null, whatsapp: false } as const;

export interface PersonFields {
  name: string;
  phone: string | null;
  whatsapp: boolean;
}

/** The document without its person; everything else (day, times, doctor, status) stays for the reports. */
export function erasePerson<T extends PersonFields>(doc: T): T {
  return { ...doc, ...ERASED_PERSON };
}
