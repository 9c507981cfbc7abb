// Signing in, keeping and ending a staff session: the same for the reception
// tablet, the waiting-room display and the owner's browser. Each page parses
// the grant into what it keeps (the display avoids zod to stay small), and
// picks where it keeps it (the owner's shared computers: sessionStorage).
import type { Tokens } from '../db/auth.ts';

export type SignInError = 'bad_credentials' | 'rate_limited' | 'offline' | 'device_not_allowed' | 'no_clinic' | 'server';
export type SignInResult<T> = { ok: true; session: T } | { ok: false; error: SignInError };

/** Signing out is a courtesy to the server; no page waits long for it. */
const LOGOUT_TIMEOUT_MS = 3000;

export interface SessionStore<T extends Tokens> {
  /** A half-written or older record means "sign in again", never a crash. */
  load(): T | null;
  save(s: T): void;
  /** TokenAuth's onChange: a rotated refresh token must survive a reload, or the next refresh is refused. */
  saveTokens(t: Tokens): void;
  clear(): void;
}

export function sessionStore<T extends Tokens>(storage: () => Storage, key: string, parse: (raw: unknown) => T | null): SessionStore<T> {
  const store: SessionStore<T> = {
    load() {
      const raw = storage().getItem(key);
      if (!raw) return null;
      try {
        return parse(JSON.parse(raw));
      } catch (err) {
        if (err instanceof SyntaxError) return null;
        throw err;
      }
    },
    save: (s) => storage().setItem(key, JSON.stringify(s)),
    saveTokens(t) {
      const s = store.load();
      if (s) store.save({ ...s, accessToken: t.accessToken, accessTokenExpiresAt: t.accessTokenExpiresAt, refreshToken: t.refreshToken });
    },
    clear: () => storage().removeItem(key),
  };
  return store;
}

/** POST /api/auth/login; the grant comes back unparsed for the page to keep what it needs. */
export async function signIn<T extends Tokens>(body: { email: string; password: string; device?: { kind: 'reception' | 'display'; name: string } }, keep: (grant: unknown) => T | null): Promise<SignInResult<T>> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, email: body.email.trim() }),
    });
  } catch {
    return { ok: false, error: 'offline' };
  }
  if (!res.ok) return { ok: false, error: await errorOf(res) };
  const session = keep(await res.json().catch(() => null));
  return session ? { ok: true, session } : { ok: false, error: 'server' };
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

/** Ends the session on the server; offline or failing, the page forgets it anyway (and an owner can revoke a device). */
export async function signOutRemote(refreshToken: string): Promise<void> {
  try {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
      signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
    });
  } catch {
    // Unreachable server: the refresh token expires on its own.
  }
}
