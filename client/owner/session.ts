// The owner's sign-in: a staff grant with no device. Kept in sessionStorage,
// not localStorage: owners look at their figures from any computer, often a
// shared one, and closing the tab should leave no way back in.
import { Grant } from '../../shared/auth.ts';
import type { Tokens } from '../db/auth.ts';

const SESSION_KEY = 'doctorq.owner.session';
/** Signing out is a courtesy to the server; the page does not wait long for it. */
const LOGOUT_TIMEOUT_MS = 3000;

export type OwnerSession = Grant;

export function loadSession(): OwnerSession | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const parsed = Grant.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

function save(s: OwnerSession): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
}

/** A rotated refresh token must survive a reload, or the next refresh is refused. */
export function saveTokens(t: Tokens): void {
  const s = loadSession();
  if (s) save({ ...s, ...t });
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

export type SignInError = 'bad_credentials' | 'rate_limited' | 'offline' | 'no_clinic' | 'server';
export type SignInResult = { ok: true; session: OwnerSession } | { ok: false; error: SignInError };

export async function signIn(email: string, password: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // No `device`: the owner's browser is not enrolled and gets no ticket series.
      body: JSON.stringify({ email: email.trim(), password }),
    });
  } catch {
    return { ok: false, error: 'offline' };
  }
  if (!res.ok) return { ok: false, error: await errorOf(res) };
  const grant = Grant.safeParse(await res.json().catch(() => null));
  if (!grant.success) return { ok: false, error: 'server' };
  save(grant.data);
  return { ok: true, session: grant.data };
}

async function errorOf(res: Response): Promise<SignInError> {
  const code = await res.json().then((b: { error?: { code?: string } }) => b.error?.code, () => undefined);
  if (res.status === 401 || code === 'invalid_body') return 'bad_credentials';
  if (res.status === 429) return 'rate_limited';
  if (code === 'no_clinic') return 'no_clinic';
  if (res.status === 502 || res.status === 503 || res.status === 504) return 'offline';
  return 'server';
}

/** Ends the session on the server; failing that, it expires on its own. */
export async function signOutRemote(refreshToken: string): Promise<void> {
  try {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
      signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
    });
  } catch {
    // Unreachable server: the refresh token still expires, and the page has forgotten it.
  }
}
