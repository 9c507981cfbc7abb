// The tablet's enrolment: what the server granted at sign-in, kept in
// localStorage under one key so a reload opens the queue at once, offline or
// not. Parsed on the way in and out: a half-written or older record means
// "sign in again", never a crash.
import { z } from 'zod';
import type { Tokens } from '../db/auth.ts';
import { EnrolledDevice, Grant } from '../../shared/auth.ts';

const SESSION_KEY = 'doctorq.reception.session';
/** The sign-out call is a courtesy to the server; the tablet does not wait long for it. */
const LOGOUT_TIMEOUT_MS = 3000;

// A reception sign-in always enrols a device: its series numbers the
// tickets, its capability key signs the patients' ticket links offline.
const ReceptionGrant = Grant.extend({ device: EnrolledDevice.extend({ capabilityKey: z.string().min(1) }) });

const Session = ReceptionGrant.extend({ dbName: z.string().min(1) });
export type Session = z.infer<typeof Session>;

/** One database per clinic and enrolment: a re-enrolled tablet never reads another enrolment's data. */
export function dbNameFor(clinicId: string, deviceId: string): string {
  return `dq-${clinicId}-${deviceId}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

export function loadSession(): Session | null {
  const raw = localStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const parsed = Session.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

function save(s: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(s));
}

/** TokenAuth's onChange: a rotated refresh token must survive a reload, or the next refresh fails. */
export function saveTokens(t: Tokens): void {
  const s = loadSession();
  if (s) save({ ...s, ...t });
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
}

export type SignInError = 'bad_credentials' | 'rate_limited' | 'offline' | 'device_not_allowed' | 'no_clinic' | 'server';
export type SignInResult = { ok: true; session: Session } | { ok: false; error: SignInError };

export async function signIn(input: { email: string; password: string; deviceName: string }): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: input.email.trim(),
        password: input.password,
        device: { kind: 'reception', name: input.deviceName.trim() },
      }),
    });
  } catch {
    return { ok: false, error: 'offline' };
  }
  if (!res.ok) return { ok: false, error: await errorOf(res) };
  const grant = ReceptionGrant.safeParse(await res.json().catch(() => null));
  if (!grant.success) return { ok: false, error: 'device_not_allowed' };
  const session = { ...grant.data, dbName: dbNameFor(grant.data.clinic.id, grant.data.device.id) };
  save(session);
  return { ok: true, session };
}

async function errorOf(res: Response): Promise<SignInError> {
  const code = await res.json().then((b: { error?: { code?: string } }) => b.error?.code, () => undefined);
  if (res.status === 401 || code === 'invalid_body') return 'bad_credentials';
  if (res.status === 429) return 'rate_limited';
  if (code === 'device_not_allowed' || code === 'no_clinic') return code;
  // A service worker or proxy answering for an unreachable server.
  if (res.status === 502 || res.status === 503 || res.status === 504) return 'offline';
  return 'server';
}

/** Ends the session on the server; offline or failing, the tablet forgets it anyway. */
export async function signOutRemote(refreshToken: string): Promise<void> {
  try {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
      signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
    });
  } catch {
    // Unreachable server: the session expires on its own, and the device can be revoked by the owner.
  }
}
