// Every owner-area request goes through here: the bearer token, one refresh
// and retry when the access token expired, and one result shape. A refused
// refresh (or a revoked session) ends the session for the whole page. The
// sign-up page and the email link use the same shape without a token.
import type { z } from 'zod';
import { TokenAuth, type Tokens } from '../db/auth.ts';
import { authedFetch } from '../net/authed-fetch.ts';
import { readErrorBody, type ApiError } from '../../shared/errors.ts';
import { ROWS_HEADER } from '../../shared/paths.ts';
import { readCountingLines } from '../net/read-progress.ts';

/**
 * An ApiError's code is the server's (shared/errors.ts), or `offline` / `bad_response` from this side;
 * with the server's own message (a `plan_limit` names the plan and its limit) and any issues.
 */
export type { ApiError };
export type ApiResult<T> = { ok: true; data: T } | ({ ok: false } & ApiError);

/** No response at all: the server or the network is down. */
const OFFLINE: ApiError = { code: 'offline' };
/** A response this page cannot read: treated like a server error. */
const BAD_RESPONSE: ApiError = { code: 'bad_response' };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class OwnerApi {
  private readonly auth: TokenAuth;

  constructor(
    tokens: Tokens,
    onTokens: (t: Tokens) => void,
    private readonly onEnded: () => void,
  ) {
    this.auth = new TokenAuth('', tokens, onTokens);
  }

  /** The latest one: it rotates on every refresh. */
  get refreshToken(): string {
    return this.auth.current.refreshToken;
  }

  get<T>(path: string, schema: z.ZodType<T>, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
    return this.call('GET', path, undefined, (res) => readJson(res, schema), headers);
  }

  send<T>(method: Method, path: string, body: unknown, schema: z.ZodType<T>): Promise<ApiResult<T>> {
    return this.call(method, path, body, (res) => readJson(res, schema));
  }

  /** For 204 answers. */
  empty(method: Method, path: string): Promise<ApiResult<null>> {
    return this.call(method, path, undefined, async () => ({ ok: true, data: null }));
  }

  blob(path: string): Promise<ApiResult<Blob>> {
    return this.call('GET', path, undefined, async (res) => ({ ok: true, data: await res.blob() }));
  }

  /**
   * A streamed export: `onProgress` with the lines received and the total the server announced
   * (`x-doctorq-rows`, null without). A connection cut half-way is `offline`, never a short file.
   */
  download(path: string, onProgress: (lines: number, total: number | null) => void): Promise<ApiResult<Blob>> {
    return this.call('GET', path, undefined, async (res) => {
      const announced = Number(res.headers.get(ROWS_HEADER));
      const total = Number.isInteger(announced) && announced > 0 ? announced : null;
      try {
        return { ok: true, data: await readCountingLines(res, (lines) => onProgress(lines, total)) };
      } catch {
        return { ok: false, ...OFFLINE };
      }
    });
  }

  private async call<T>(
    method: Method,
    path: string,
    body: unknown,
    read: (res: Response) => Promise<ApiResult<T>>,
    headers: Record<string, string> = {},
  ): Promise<ApiResult<T>> {
    const init = { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' } };
    let r: Awaited<ReturnType<typeof authedFetch>>;
    try {
      r = await authedFetch(this.auth, path, body === undefined ? init : { ...init, body: JSON.stringify(body) });
    } catch {
      return { ok: false, ...OFFLINE };
    }
    if (r.kind === 'offline') return { ok: false, ...OFFLINE };
    // Revoked, signed out elsewhere, or a refresh refused: this session is over.
    if (r.kind === 'revoked' || r.res.status === 401) {
      this.onEnded();
      return { ok: false, code: r.kind === 'revoked' ? 'revoked' : (r.error?.code ?? 'server') };
    }
    if (!r.res.ok) return { ok: false, ...(r.error ?? { code: 'server' }) };
    return read(r.res);
  }
}

async function readJson<T>(res: Response, schema: z.ZodType<T>): Promise<ApiResult<T>> {
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (parsed.success) return { ok: true, data: parsed.data };
  console.error('unexpected response from', res.url, parsed.error.issues);
  return { ok: false, ...BAD_RESPONSE };
}

/** The routes that need no token: the sign-up page's, and the emailed verification link's. */
export async function publicRequest<T>(method: 'GET' | 'POST', path: string, body: unknown, schema: z.ZodType<T>): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, ...OFFLINE };
  }
  // A proxy answering for an unreachable server.
  if (res.status === 502 || res.status === 503 || res.status === 504) return { ok: false, ...OFFLINE };
  if (!res.ok) return { ok: false, ...(await readError(res)) };
  return readJson(res, schema);
}

async function readError(res: Response): Promise<ApiError> {
  return (await readErrorBody(res)) ?? { code: 'server' };
}
