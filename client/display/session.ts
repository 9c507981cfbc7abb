// The screen's enrolment: signed in once as a display device, kept in
// localStorage so the TV comes back on its own after a power cut, network or
// not. A display's token reads the public stream only (docs/api.md).
import type { Tokens } from '../db/auth.ts';
import { sessionStore, signIn as staffSignIn, signOutRemote, type SignInResult } from '../ui/staff-session.ts';

const SESSION_KEY = 'doctorq.display.session';

export interface DisplaySession extends Tokens {
  clinicId: string;
  clinicName: string;
  deviceName: string;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Only what the screen needs is kept: not the user's details, not the device's signing key. */
function fromGrant(g: unknown): DisplaySession | null {
  const o = g as {
    accessToken?: unknown;
    accessTokenExpiresAt?: unknown;
    refreshToken?: unknown;
    clinic?: { id?: unknown; name?: unknown };
    device?: { name?: unknown } | null;
  } | null;
  if (!o || !str(o.accessToken) || typeof o.accessTokenExpiresAt !== 'number' || !str(o.refreshToken)) return null;
  if (!str(o.clinic?.id) || typeof o.clinic.name !== 'string') return null;
  return {
    accessToken: o.accessToken,
    accessTokenExpiresAt: o.accessTokenExpiresAt,
    refreshToken: o.refreshToken,
    clinicId: o.clinic.id,
    clinicName: o.clinic.name,
    deviceName: typeof o.device?.name === 'string' ? o.device.name : '',
  };
}

const store = sessionStore(
  () => localStorage,
  SESSION_KEY,
  (raw) => {
    const r = raw as Partial<Record<keyof DisplaySession, unknown>> | null;
    if (!r || !str(r.accessToken) || typeof r.accessTokenExpiresAt !== 'number' || !str(r.refreshToken)) return null;
    if (!str(r.clinicId) || typeof r.clinicName !== 'string' || typeof r.deviceName !== 'string') return null;
    return {
      accessToken: r.accessToken,
      accessTokenExpiresAt: r.accessTokenExpiresAt,
      refreshToken: r.refreshToken,
      clinicId: r.clinicId,
      clinicName: r.clinicName,
      deviceName: r.deviceName,
    };
  },
);
export const loadSession = store.load;
export const saveTokens = store.saveTokens;
export const clearSession = store.clear;
export { signOutRemote };

export function signIn(input: { email: string; password: string; deviceName: string }): Promise<SignInResult<DisplaySession>> {
  return staffSignIn({ email: input.email, password: input.password, device: { kind: 'display', name: input.deviceName.trim() } }, (g) => {
    const session = fromGrant(g);
    if (session) store.save(session);
    return session;
  });
}
