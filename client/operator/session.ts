// The operator's sign-in: an access token and no refresh token, so a session
// lasts as long as that token. Kept in sessionStorage: closing the tab leaves
// no way back in on the computer it was used on.
import { OperatorGrant } from '../../shared/saas.ts';
import { readErrorBody } from '../../shared/errors.ts';
import { OPERATOR_LOGIN_PATH, OPERATOR_LOGOUT_PATH } from '../../shared/paths.ts';
import type { SignInError } from '../ui/staff-session.ts';
import { GATEWAY_STATUSES } from './api.ts';

const SESSION_KEY = 'doctorq.operator.session';

export type { OperatorGrant };
type SignInResult = { ok: true; grant: OperatorGrant } | { ok: false; error: SignInError };

/**
 * The stored grant while its token is valid. One that expired while the tab
 * was closed or asleep is forgotten and reported as ended, so the sign-in page
 * says why instead of the first request failing.
 */
export function resumeSession(): { grant: OperatorGrant | null; ended: boolean } {
  const stored = loadSession();
  if (!stored || stored.expiresAt > Date.now()) return { grant: stored, ended: false };
  clearSession();
  return { grant: null, ended: true };
}

/** A half-written or older record means "sign in again", never a crash. */
function loadSession(): OperatorGrant | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
  const parsed = OperatorGrant.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Signing out is a courtesy to the server; the page forgets the token whether or not it answers in time. */
const LOGOUT_TIMEOUT_MS = 3000;

/** Ends the sign-in on the server, so the token stops working before it expires. */
export async function signOutRemote(token: string): Promise<void> {
  await fetch(OPERATOR_LOGOUT_PATH, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
  }).catch(() => undefined);
}

export async function signIn(email: string, password: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch(OPERATOR_LOGIN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email.trim(), password }),
    });
  } catch {
    return { ok: false, error: 'offline' };
  }
  if (!res.ok) return { ok: false, error: await errorOf(res) };
  const grant = OperatorGrant.safeParse(await res.json().catch(() => null));
  if (!grant.success) return { ok: false, error: 'server' };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(grant.data));
  return { ok: true, grant: grant.data };
}

async function errorOf(res: Response): Promise<SignInError> {
  const code = (await readErrorBody(res))?.code;
  // A malformed email is refused as invalid_body: to the person typing it, it is a wrong email.
  if (res.status === 401 || code === 'invalid_body') return 'bad_credentials';
  if (res.status === 429) return 'rate_limited';
  if (GATEWAY_STATUSES.has(res.status)) return 'offline';
  return 'server';
}
