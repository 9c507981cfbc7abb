// The tablet's enrolment: what the server granted at sign-in (a password or
// an owner's one-time code), kept in localStorage under one key so a reload
// opens the queue at once, offline or not. Parsed on the way in and out: a
// half-written or older record means "sign in again", never a crash.
import { z } from 'zod';
import {
  enrol as staffEnrol,
  sessionStore,
  signIn as staffSignIn,
  signOutRemote,
  type EnrolResult,
  type SignInResult,
} from '../ui/staff-session.ts';
import { EnrolledDevice, Grant } from '../../shared/auth.ts';

const SESSION_KEY = 'doctorq.reception.session';

// A reception sign-in always enrols a device: its series numbers the
// tickets, its capability key signs the patients' ticket links offline.
const ReceptionGrant = Grant.extend({ device: EnrolledDevice.extend({ capabilityKey: z.string().min(1) }) });

const Session = ReceptionGrant.extend({ dbName: z.string().min(1) });
export type Session = z.infer<typeof Session>;

/** One database per clinic and enrolment: a re-enrolled tablet never reads another enrolment's data. */
export function dbNameFor(clinicId: string, deviceId: string): string {
  return `dq-${clinicId}-${deviceId}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

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

/** Password or code, the grant is the same and is kept the same way. */
function keep(g: unknown): Session | null {
  const grant = ReceptionGrant.safeParse(g);
  if (!grant.success) return null;
  const session = { ...grant.data, dbName: dbNameFor(grant.data.clinic.id, grant.data.device.id) };
  store.save(session);
  return session;
}

export function signIn(input: { email: string; password: string; deviceName: string }): Promise<SignInResult<Session>> {
  return staffSignIn({ email: input.email, password: input.password, device: { kind: 'reception', name: input.deviceName.trim() } }, keep);
}

/** `code` already normalised (EnrolCode). */
export function enrol(input: { code: string; deviceName: string }): Promise<EnrolResult<Session>> {
  return staffEnrol({ code: input.code, device: { kind: 'reception', name: input.deviceName.trim() } }, keep);
}
