// The tablet's enrolment (client/ui/device-session.ts): a password or an
// owner's one-time code, kept under the reception's key.
import { z } from 'zod';
import { enrol as staffEnrol, signIn as staffSignIn, signOutRemote, type EnrolResult, type SignInResult } from '../ui/staff-session.ts';
import { EnrolledDevice, Grant } from '../../shared/auth.ts';
import { deviceSessions } from '../ui/device-session.ts';

const SESSION_KEY = 'doctorq.reception.session';

// A reception sign-in always enrols a device: its series numbers the
// tickets, its capability key signs the patients' ticket links offline.
const ReceptionGrant = Grant.extend({ device: EnrolledDevice.extend({ capabilityKey: z.string().min(1) }) });

const sessions = deviceSessions(SESSION_KEY, ReceptionGrant);
export type Session = NonNullable<ReturnType<typeof sessions.load>>;
export const loadSession = sessions.load;
export const saveTokens = sessions.saveTokens;
export const clearSession = sessions.clear;
export { signOutRemote };
const keep = sessions.keep;

/** `clinicId`: the clinic picked when the account belongs to several (choose_clinic). */
export function signIn(input: { email: string; password: string; deviceName: string; clinicId?: string }): Promise<SignInResult<Session>> {
  return staffSignIn(
    {
      email: input.email,
      password: input.password,
      ...(input.clinicId ? { clinicId: input.clinicId } : {}),
      device: { kind: 'reception', name: input.deviceName.trim() },
    },
    keep,
  );
}

/** `code` already normalised (EnrolCode). */
export function enrol(input: { code: string; deviceName: string }): Promise<EnrolResult<Session>> {
  return staffEnrol({ code: input.code, device: { kind: 'reception', name: input.deviceName.trim() } }, keep);
}
