// The doctor's screen's enrolment: a device of kind `doctor`, bound to one
// doctor (the owner chose them when making the code), kept in localStorage
// under its own key so the room and the desk can share a browser profile.
import { z } from 'zod';
import { enrol as staffEnrol, signIn as staffSignIn, signOutRemote, type EnrolResult, type SignInResult } from '../ui/staff-session.ts';
import { SCHEMA_VERSION, SCHEMA_VERSION_HEADER, pullPath } from '../../shared/protocol.ts';
import { EnrolledDevice, Grant } from '../../shared/auth.ts';
import { DocId, Doctor } from '../../shared/schemas.ts';
import { deviceSessions } from '../ui/device-session.ts';

const SESSION_KEY = 'doctorq.doctor.session';

const DoctorGrant = Grant.extend({ device: EnrolledDevice.extend({ kind: z.literal('doctor'), doctorId: DocId }) });
const sessions = deviceSessions(SESSION_KEY, DoctorGrant);
export type Session = NonNullable<ReturnType<typeof sessions.load>>;
export const loadSession = sessions.load;
export const saveTokens = sessions.saveTokens;
export const clearSession = sessions.clear;
export { signOutRemote };
const keep = sessions.keep;

/** `code` already normalised (EnrolCode); a code made for another kind of device is refused as invalid. */
export function enrol(input: { code: string; deviceName: string }): Promise<EnrolResult<Session>> {
  return staffEnrol({ code: input.code, device: { kind: 'doctor', name: input.deviceName.trim() } }, keep);
}

/** A person's own sign-in, held only while they choose the doctor whose screen this is. */
const PersonGrant = Grant.pick({ accessToken: true, accessTokenExpiresAt: true, refreshToken: true });
export type PersonGrant = z.infer<typeof PersonGrant>;

const DoctorsPull = z.object({ documents: z.array(Doctor.extend({ _deleted: z.boolean() })) });

/**
 * The first step of a person's sign-in on this screen: their own session, to
 * read the clinic's doctors; the screen is then enrolled for the one chosen
 * (enrolAs), and this session ends.
 */
export async function signInPerson(input: { email: string; password: string }): Promise<SignInResult<PersonGrant & { doctors: Doctor[] }>> {
  const r = await staffSignIn({ email: input.email, password: input.password }, (g) => {
    const grant = PersonGrant.safeParse(g);
    return grant.success ? grant.data : null;
  });
  if (!r.ok) return r;
  try {
    const res = await fetch(`${pullPath('doctors')}?seq=0&limit=1000`, {
      headers: { authorization: `Bearer ${r.session.accessToken}`, [SCHEMA_VERSION_HEADER]: String(SCHEMA_VERSION) },
    });
    const pulled = DoctorsPull.safeParse(await res.json());
    if (!res.ok || !pulled.success) return { ok: false, error: 'server', message: null, clinics: [] };
    const doctors = pulled.data.documents.filter((d) => d.active && !d._deleted).map(({ _deleted, ...d }) => d);
    return { ok: true, session: { ...r.session, doctors } };
  } catch {
    return { ok: false, error: 'offline', message: null, clinics: [] };
  }
}

/** Enrols this screen for `doctorId` with the person's credentials; their own session then ends. */
export async function enrolAs(
  input: { email: string; password: string; deviceName: string; doctorId: string },
  person: PersonGrant,
): Promise<SignInResult<Session>> {
  const r = await staffSignIn(
    { email: input.email, password: input.password, device: { kind: 'doctor', name: input.deviceName.trim(), doctorId: input.doctorId } },
    keep,
  );
  if (r.ok) await signOutRemote(person.refreshToken);
  return r;
}
