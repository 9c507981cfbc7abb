// The screen's enrolment: signed in once as a display device, kept in
// localStorage so the TV comes back on its own after a power cut, network or
// not. A display's token reads the public stream only (docs/api.md).
import type { Tokens } from '../db/auth.ts';

const SESSION_KEY = 'doctorq.display.session';
/** The sign-out call is a courtesy to the server; the screen does not wait long for it. */
const LOGOUT_TIMEOUT_MS = 3000;

export interface DisplaySession extends Tokens {
  clinicId: string;
  clinicName: string;
  deviceName: string;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Only what the screen needs is kept: not the user's details, not the device's signing key. */
function fromGrant(g: unknown): DisplaySession | null {
  const o = g as { accessToken?: unknown; accessTokenExpiresAt?: unknown; refreshToken?: unknown; clinic?: { id?: unknown; name?: unknown }; device?: { name?: unknown } | null } | null;
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

/** A half-written or older record means "sign in again", never a crash. */
export function loadSession(): DisplaySession | null {
  let raw: Partial<Record<keyof DisplaySession, unknown>> | null;
  try {
    raw = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
  } catch {
    return null;
  }
  if (!raw || !str(raw.accessToken) || typeof raw.accessTokenExpiresAt !== 'number' || !str(raw.refreshToken)) return null;
  if (!str(raw.clinicId) || typeof raw.clinicName !== 'string' || typeof raw.deviceName !== 'string') return null;
  return {
    accessToken: raw.accessToken,
    accessTokenExpiresAt: raw.accessTokenExpiresAt,
    refreshToken: raw.refreshToken,
    clinicId: raw.clinicId,
    clinicName: raw.clinicName,
    deviceName: raw.deviceName,
  };
}

function save(s: DisplaySession): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(s));
}

/** TokenAuth's onChange: a rotated refresh token must survive a reload, or the next refresh fails. */
export function saveTokens(t: Tokens): void {
  const s = loadSession();
  if (s) save({ ...s, accessToken: t.accessToken, accessTokenExpiresAt: t.accessTokenExpiresAt, refreshToken: t.refreshToken });
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
}

export type SignInError = 'bad_credentials' | 'rate_limited' | 'offline' | 'device_not_allowed' | 'no_clinic' | 'server';
export type SignInResult = { ok: true; session: DisplaySession } | { ok: false; error: SignInError };

export async function signIn(input: { email: string; password: string; deviceName: string }): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: input.email.trim(),
        password: input.password,
        device: { kind: 'display', name: input.deviceName.trim() },
      }),
    });
  } catch {
    return { ok: false, error: 'offline' };
  }
  if (!res.ok) return { ok: false, error: await errorOf(res) };
  const session = fromGrant(await res.json().catch(() => null));
  if (!session) return { ok: false, error: 'server' };
  save(session);
  return { ok: true, session };
}

async function errorOf(res: Response): Promise<SignInError> {
  const code = await res.json().then((b: { error?: { code?: string } }) => b.error?.code, () => undefined);
  if (res.status === 401 || code === 'invalid_body') return 'bad_credentials';
  if (res.status === 429) return 'rate_limited';
  if (code === 'device_not_allowed' || code === 'no_clinic') return code;
  if (res.status === 502 || res.status === 503 || res.status === 504) return 'offline';
  return 'server';
}

/** Ends the session on the server; offline or failing, the screen forgets it anyway. */
export async function signOutRemote(refreshToken: string): Promise<void> {
  try {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
      signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
    });
  } catch {
    // The owner can still revoke the device.
  }
}
