// Signing in (with a password, or a device with an owner's one-time code),
// keeping and ending a staff session: the same for the reception tablet, the
// waiting-room display and the owner's browser. Each page parses
// the grant into what it keeps (the display avoids zod to stay small), and
// picks where it keeps it (the owner's shared computers: sessionStorage).
import type { Tokens } from '../db/auth.ts';
import type { DeviceKind } from '../../shared/auth.ts';
import { readErrorBody, type ApiError, type ErrorCode } from '../../shared/errors.ts';
import { AUTH_ENROL_PATH, AUTH_LOGIN_PATH, AUTH_LOGOUT_PATH } from '../../shared/paths.ts';

/**
 * plan_limit and clinic_suspended: a device enrolling by password, refused by the clinic's subscription;
 * email_unverified: no owner of the clinic has verified their email yet (the one enrolment rule, for codes too);
 * clinic_account_closed: the clinic (the person's only one, or the one asked for) was closed by its owner.
 */
export type SignInError =
  | Extract<
      ErrorCode,
      | 'bad_credentials'
      | 'rate_limited'
      | 'device_not_allowed'
      | 'no_clinic'
      | 'plan_limit'
      | 'clinic_suspended'
      | 'email_unverified'
      | 'choose_clinic'
      | 'clinic_account_closed'
    >
  | 'offline'
  | 'server';
/** Enrolling a device with an owner's one-time code (docs/api.md); the codes are shared/errors.ts's. */
export type EnrolError =
  | Extract<ErrorCode, 'invalid_code' | 'plan_limit' | 'clinic_suspended' | 'email_unverified' | 'rate_limited'>
  | 'offline'
  | 'server';
/** A clinic a device may be enrolled in, offered when the person belongs to several (choose_clinic). */
export interface ClinicChoice {
  id: string;
  name: string;
}
/**
 * message: the server's own words, for refusals it explains itself (plan_limit names the plan and its limit);
 * clinics: with choose_clinic, the clinics to sign in again to (with clinicId), else empty.
 */
export type GrantResult<T, E> = { ok: true; session: T } | { ok: false; error: E; message: string | null; clinics: ClinicChoice[] };
export type SignInResult<T> = GrantResult<T, SignInError>;
export type EnrolResult<T> = GrantResult<T, EnrolError>;

/** A doctor device names its doctor (shared/auth.ts, boundRight). */
type DeviceRequest = { kind: DeviceKind; name: string; doctorId?: string };

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
export function signIn<T extends Tokens>(
  body: { email: string; password: string; clinicId?: string; device?: DeviceRequest },
  keep: (grant: unknown) => T | null,
): Promise<SignInResult<T>> {
  return requestGrant(AUTH_LOGIN_PATH, { ...body, email: body.email.trim() }, keep, (status, code) => {
    if (status === 401 || code === 'invalid_body') return 'bad_credentials';
    if (status === 429) return 'rate_limited';
    if (
      code === 'device_not_allowed' ||
      code === 'no_clinic' ||
      code === 'plan_limit' ||
      code === 'clinic_suspended' ||
      code === 'email_unverified' ||
      code === 'choose_clinic' ||
      code === 'clinic_account_closed'
    )
      return code;
    return 'server';
  });
}

/** POST /api/auth/enrol with a normalised code: the same grant as a sign-in with a device, kept the same way. */
export function enrol<T extends Tokens>(
  body: { code: string; device: DeviceRequest },
  keep: (grant: unknown) => T | null,
): Promise<EnrolResult<T>> {
  return requestGrant(AUTH_ENROL_PATH, body, keep, (status, code) => {
    // The page checks the code's shape first, so a 400 means unknown, used or expired.
    if (status === 400) return 'invalid_code';
    if (status === 429) return 'rate_limited';
    if (code === 'plan_limit' || code === 'clinic_suspended' || code === 'email_unverified') return code;
    return 'server';
  });
}

/** choose_clinic's issues: path ['clinicId', id], message the clinic's name (docs/api.md). */
function clinicChoices(error: ApiError | null): ClinicChoice[] {
  if (error?.code !== 'choose_clinic') return [];
  return (error.issues ?? []).flatMap((i) =>
    i.path[0] === 'clinicId' && typeof i.path[1] === 'string' ? [{ id: i.path[1], name: i.message }] : [],
  );
}

/** The one way a page gets a grant: post, classify a refusal, or hand the answer to `keep`. */
async function requestGrant<T extends Tokens, E extends string>(
  path: string,
  body: unknown,
  keep: (grant: unknown) => T | null,
  refusal: (status: number, code: string | undefined) => E,
): Promise<GrantResult<T, E | 'offline' | 'server'>> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, error: 'offline', message: null, clinics: [] };
  }
  if (!res.ok) {
    const error = await readErrorBody(res);
    // A service worker or proxy answering for an unreachable server.
    if (res.status === 502 || res.status === 503 || res.status === 504) return { ok: false, error: 'offline', message: null, clinics: [] };
    return { ok: false, error: refusal(res.status, error?.code), message: error?.message ?? null, clinics: clinicChoices(error) };
  }
  const session = keep(await res.json().catch(() => null));
  return session ? { ok: true, session } : { ok: false, error: 'server', message: null, clinics: [] };
}

/** Ends the session on the server; offline or failing, the page forgets it anyway (and an owner can revoke a device). */
export async function signOutRemote(refreshToken: string): Promise<void> {
  try {
    await fetch(AUTH_LOGOUT_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
      signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
    });
  } catch {
    // Unreachable server: the refresh token expires on its own.
  }
}
