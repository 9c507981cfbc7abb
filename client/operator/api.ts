// Every operator request goes through here: the bearer token and one result
// shape. There is no refresh: any 401 (expired, disabled operator) ends the
// session for the whole page.
import type { z } from 'zod';
import type { ApiResult } from '../owner/api.ts';
import { readErrorBody } from '../../shared/errors.ts';

export type { ApiResult };

/** What a gateway answers for a server it cannot reach: to the operator, the same as no network. */
export const GATEWAY_STATUSES = new Set([502, 503, 504]);

export class OperatorApi {
  constructor(
    private readonly token: string,
    private readonly onEnded: () => void,
  ) {}

  get<T>(path: string, schema: z.ZodType<T>): Promise<ApiResult<T>> {
    return this.call('GET', path, undefined, schema);
  }

  send<T>(method: 'POST' | 'PATCH', path: string, body: unknown, schema: z.ZodType<T>): Promise<ApiResult<T>> {
    return this.call(method, path, body, schema);
  }

  private async call<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      return { ok: false, code: 'offline' };
    }
    if (res.status === 401) {
      this.onEnded();
      return { ok: false, code: 'unauthenticated' };
    }
    if (GATEWAY_STATUSES.has(res.status)) return { ok: false, code: 'offline' };
    if (!res.ok) return { ok: false, code: await errorCode(res) };
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (parsed.success) return { ok: true, data: parsed.data };
    console.error('unexpected response from', res.url, parsed.error.issues);
    return { ok: false, code: 'bad_response' };
  }
}

async function errorCode(res: Response): Promise<string> {
  return (await readErrorBody(res))?.code ?? 'server';
}
