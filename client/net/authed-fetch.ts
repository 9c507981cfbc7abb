// The one way a page calls the API with a staff or device token: the bearer
// header, and one refresh and retry when the server could not accept the
// token (expired, or signed with a key the servers no longer use). The
// tablet's replication, the owner's pages and the display's stream all come
// through here; what a refusal means for the page stays with the page.
import { TOKEN_EXPIRED_CODE, UNAUTHENTICATED_CODE, readErrorBody, type ApiError } from '../../shared/errors.ts';

export interface TokenSource {
  /** The current access token, or null when there is none. */
  accessToken(): Promise<string | null>;
  /**
   * The server refused `stale`: get a new token. null if the server could not
   * be reached, 'revoked' if it refused (the device was revoked or its
   * session ended). A token already replaced is not refreshed again: the
   * replacement is the answer.
   */
  refresh(stale?: string | null): Promise<string | null | 'revoked'>;
}

export type AuthedResponse =
  /** The server answered; `error` is its error body when the status is not 2xx (the body stays readable). */
  | { kind: 'answer'; res: Response; error: ApiError | null }
  /** The token was refused and the refresh too: the session is over. */
  | { kind: 'revoked' }
  /** The token was refused and the refresh could not reach the server. */
  | { kind: 'offline' };

/**
 * 401 token_expired is the usual case. 401 unauthenticated with a token sent
 * means the servers could not verify it: after JWT_SECRET is rotated every
 * device's token is such, and a refresh (its refresh token lives in the
 * database) is what brings the device back, not signing it out.
 */
const renewable = (status: number, error: ApiError | null) =>
  status === 401 && (error?.code === TOKEN_EXPIRED_CODE || error?.code === UNAUTHENTICATED_CODE);

/** Network failures throw, as fetch does. */
export async function authedFetch(
  auth: TokenSource,
  url: string,
  init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
  fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<AuthedResponse> {
  let token = await auth.accessToken();
  for (let renewed = false; ; renewed = true) {
    const res = await fetchFn(url, { ...init, headers: { ...init.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    if (res.ok) return { kind: 'answer', res, error: null };
    const error = await readErrorBody(res.clone());
    if (renewed || !token || !renewable(res.status, error)) return { kind: 'answer', res, error };
    const fresh = await auth.refresh(token);
    if (fresh === 'revoked') return { kind: 'revoked' };
    if (fresh === null) return { kind: 'offline' };
    token = fresh;
  }
}
