import { describe, expect, it } from 'vitest';
import { TokenAuth } from '../db/auth.ts';
import { authedFetch, type TokenSource } from './authed-fetch.ts';

const error = (status: number, code: string) => new Response(JSON.stringify({ error: { code, message: code } }), { status });

/** A server whose answers depend on the bearer token it is shown. */
function server(answer: (token: string | undefined) => Response) {
  const seen: (string | undefined)[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    const token = (init.headers as Record<string, string>).authorization?.replace('Bearer ', '');
    seen.push(token);
    return answer(token);
  }) as typeof fetch;
  return { fetchFn, seen };
}

function tokens(initial: string, refreshed: string | null | 'revoked') {
  let current = initial;
  let refreshes = 0;
  const auth: TokenSource = {
    accessToken: async () => current,
    refresh: async () => {
      refreshes++;
      if (refreshed && refreshed !== 'revoked') current = refreshed;
      return refreshed;
    },
  };
  return { auth, refreshes: () => refreshes };
}

describe('authedFetch', () => {
  it('when the token is accepted, then the answer comes back with the bearer header and the caller headers', async () => {
    let headers: Record<string, string> = {};
    const fetchFn = (async (_u: string, init: RequestInit) => {
      headers = init.headers as Record<string, string>;
      return new Response('{}');
    }) as typeof fetch;
    const r = await authedFetch(tokens('a', 'b').auth, '/x', { headers: { accept: 'text/event-stream' } }, fetchFn);
    expect(r.kind).toBe('answer');
    expect(headers).toEqual({ accept: 'text/event-stream', authorization: 'Bearer a' });
  });

  it('when the token expired, then it refreshes once and retries with the new one', async () => {
    const s = server((t) => (t === 'fresh' ? new Response('{"ok":1}') : error(401, 'token_expired')));
    const t = tokens('old', 'fresh');
    const r = await authedFetch(t.auth, '/x', {}, s.fetchFn);
    expect(r.kind === 'answer' && (await r.res.json())).toEqual({ ok: 1 });
    expect(s.seen).toEqual(['old', 'fresh']);
    expect(t.refreshes()).toBe(1);
  });

  it('when the servers cannot verify the token (JWT_SECRET rotated), then it refreshes instead of giving up', async () => {
    // Before, the tablet took 401 unauthenticated for a revocation and stopped syncing for good.
    const s = server((t) => (t === 'fresh' ? new Response('{}') : error(401, 'unauthenticated')));
    const r = await authedFetch(tokens('signed-with-old-key', 'fresh').auth, '/x', {}, s.fetchFn);
    expect(r.kind === 'answer' && r.res.status).toBe(200);
  });

  it('when the renewed token is refused too, then that answer is final, with its error readable and its body intact', async () => {
    const s = server(() => error(401, 'token_expired'));
    const t = tokens('old', 'fresh');
    const r = await authedFetch(t.auth, '/x', {}, s.fetchFn);
    if (r.kind !== 'answer') throw new Error(r.kind);
    expect(r.error?.code).toBe('token_expired');
    expect(await r.res.json()).toMatchObject({ error: { code: 'token_expired' } });
    expect(t.refreshes()).toBe(1);
  });

  it('when the refresh is refused or unreachable, then it says revoked or offline', async () => {
    const s = server(() => error(401, 'token_expired'));
    expect(await authedFetch(tokens('old', 'revoked').auth, '/x', {}, s.fetchFn)).toEqual({ kind: 'revoked' });
    expect(await authedFetch(tokens('old', null).auth, '/x', {}, s.fetchFn)).toEqual({ kind: 'offline' });
  });

  it('when the refusal is not about the token (revoked, forbidden), then no refresh is tried', async () => {
    for (const [status, code] of [
      [401, 'revoked'],
      [403, 'clinic_suspended'],
      [426, 'client_outdated'],
    ] as const) {
      const t = tokens('a', 'b');
      const r = await authedFetch(t.auth, '/x', {}, server(() => error(status, code)).fetchFn);
      expect(r.kind === 'answer' && r.error?.code).toBe(code);
      expect(t.refreshes()).toBe(0);
    }
  });

  it('when two requests meet the same expired token one after the other, then TokenAuth refreshes once', async () => {
    let refreshCalls = 0;
    const fetchFn = (async (url: string, init: RequestInit) => {
      if (url.endsWith('/api/auth/refresh')) {
        refreshCalls++;
        return new Response(JSON.stringify({ accessToken: 'fresh', accessTokenExpiresAt: Date.now() + 900_000, refreshToken: 'r2' }));
      }
      const token = (init.headers as Record<string, string>).authorization;
      return token === 'Bearer fresh' ? new Response('{}') : error(401, 'token_expired');
    }) as typeof fetch;
    const auth = new TokenAuth(
      '',
      { accessToken: 'old', accessTokenExpiresAt: Date.now() + 900_000, refreshToken: 'r1' },
      () => {},
      fetchFn,
    );
    // The first request refreshes; the second was sent with the old token before that refresh ended.
    const first = await authedFetch(auth, '/a', {}, fetchFn);
    const second = await (async () => {
      const res = await fetchFn('/b', { headers: { authorization: 'Bearer old' } });
      expect(res.status).toBe(401);
      return auth.refresh('old');
    })();
    expect(first.kind).toBe('answer');
    expect(second).toBe('fresh');
    expect(refreshCalls).toBe(1);
  });

  it('when the network fails, then it throws as fetch does', async () => {
    const fetchFn = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(authedFetch(tokens('a', 'b').auth, '/x', {}, fetchFn)).rejects.toThrow(TypeError);
  });
});
