// Holds the device's tokens: the access token for requests, the refresh
// token to get a new one. Concurrent refreshes share one request, since a
// rotated refresh token can only be used once.
import type { TokenSource } from '../net/authed-fetch.ts';
import { AUTH_REFRESH_PATH } from '../../shared/paths.ts';

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken: string;
}

/** Refresh a little before expiry so requests rarely meet an expired token. */
const EARLY_MS = 30_000;

export class TokenAuth implements TokenSource {
  private inflight: Promise<string | null | 'revoked'> | null = null;

  constructor(
    private readonly baseUrl: string,
    private tokens: Tokens,
    private readonly onChange: (t: Tokens) => void = () => {},
    private readonly fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
    private readonly now: () => number = Date.now,
  ) {}

  get current(): Tokens {
    return this.tokens;
  }

  /** Offline, the old token is still the best one to try: the server will say if it expired. */
  async accessToken(): Promise<string | null> {
    if (this.tokens.accessTokenExpiresAt - EARLY_MS > this.now()) return this.tokens.accessToken;
    const fresh = await this.refresh();
    return fresh && fresh !== 'revoked' ? fresh : this.tokens.accessToken;
  }

  refresh(stale?: string | null): Promise<string | null | 'revoked'> {
    // Several requests can meet the same refused token: the first refreshes, the later ones take its result.
    if (stale && stale !== this.tokens.accessToken && !this.inflight) return Promise.resolve(this.tokens.accessToken);
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async doRefresh(): Promise<string | null | 'revoked'> {
    let res: Response;
    try {
      res = await this.fetchFn(this.baseUrl + AUTH_REFRESH_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: this.tokens.refreshToken }),
      });
    } catch {
      return null;
    }
    if (res.status === 401) return 'revoked';
    if (!res.ok) return null;
    const body = (await res.json()) as Tokens;
    this.tokens = { accessToken: body.accessToken, accessTokenExpiresAt: body.accessTokenExpiresAt, refreshToken: body.refreshToken };
    this.onChange(this.tokens);
    return this.tokens.accessToken;
  }
}
