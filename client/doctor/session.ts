// The doctor's screen's enrolment: a device of kind `doctor`, bound to one
// doctor (the owner chose them when making the code), kept in localStorage
// under its own key so the room and the desk can share a browser profile.
import { z } from 'zod';
import { enrol as staffEnrol, sessionStore, signOutRemote, type EnrolResult } from '../ui/staff-session.ts';
import { EnrolledDevice, Grant } from '../../shared/auth.ts';
import { DocId } from '../../shared/schemas.ts';
import { dbNameFor } from '../reception/session.ts';

const SESSION_KEY = 'doctorq.doctor.session';

const DoctorGrant = Grant.extend({ device: EnrolledDevice.extend({ kind: z.literal('doctor'), doctorId: DocId }) });
const Session = DoctorGrant.extend({ dbName: z.string().min(1) });
export type Session = z.infer<typeof Session>;

const store = sessionStore(
  () => localStorage,
  SESSION_KEY,
  (raw) => {
    const parsed = Session.safeParse(raw);
    return parsed.success ? parsed.data : null;
  },
);
export const loadSession = store.load;
export const saveTokens = store.saveTokens;
export const clearSession = store.clear;
export { signOutRemote };

function keep(g: unknown): Session | null {
  const grant = DoctorGrant.safeParse(g);
  if (!grant.success) return null;
  const session = { ...grant.data, dbName: dbNameFor(grant.data.clinic.id, grant.data.device.id) };
  store.save(session);
  return session;
}

/** `code` already normalised (EnrolCode); a code made for another kind of device is refused as invalid. */
export function enrol(input: { code: string; deviceName: string }): Promise<EnrolResult<Session>> {
  return staffEnrol({ code: input.code, device: { kind: 'doctor', name: input.deviceName.trim() } }, keep);
}
