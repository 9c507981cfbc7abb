// A device's enrolment (the reception tablet, the doctor's screen): what the
// server granted at sign-in or with a one-time code, kept in localStorage under
// the page's own key so a reload opens at once, offline or not, with the name
// of its local database. Parsed on the way in and out: a half-written or older
// record means "sign in again", never a crash.
import { z } from 'zod';
import type { Tokens } from '../db/auth.ts';
import { sessionStore } from './staff-session.ts';

/** One database per clinic and enrolment: a re-enrolled device never reads another enrolment's data. */
export function dbNameFor(clinicId: string, deviceId: string): string {
  return `dq-${clinicId}-${deviceId}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

type DeviceGrant = Tokens & { clinic: { id: string }; device: { id: string } };

export function deviceSessions<G extends DeviceGrant>(key: string, grant: z.ZodType<G>) {
  type Session = G & { dbName: string };
  const DbName = z.object({ dbName: z.string().min(1) });
  const store = sessionStore<Session>(
    () => localStorage,
    key,
    (raw) => {
      const parsed = grant.safeParse(raw);
      const db = DbName.safeParse(raw);
      return parsed.success && db.success ? { ...parsed.data, dbName: db.data.dbName } : null;
    },
  );
  /** Password or code, a grant is kept the same way; null when it is not this kind of device's. */
  const keep = (g: unknown): Session | null => {
    const parsed = grant.safeParse(g);
    if (!parsed.success) return null;
    const session = { ...parsed.data, dbName: dbNameFor(parsed.data.clinic.id, parsed.data.device.id) };
    store.save(session);
    return session;
  };
  return { load: store.load, saveTokens: store.saveTokens, clear: store.clear, keep };
}
