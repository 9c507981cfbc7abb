// HS256 JWT verification with node:crypto, synchronously. jose verifies HMAC
// through WebCrypto: a promise, a thread-pool job and a second promise per
// request, ~58 µs with the key imported once against ~9 µs here, and every
// push and pull verifies a token (bench/README.md, "What bounds each miss").
// Signing stays with jose (tokens.ts); this accepts exactly what jose's
// jwtVerify accepts for our tokens, and is strict where jose is: one
// algorithm, no `crit`, the canonical signature encoding only.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

export type Hs256Result = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: 'expired' | 'invalid' };

const B64URL = /^[A-Za-z0-9_-]+$/;
const INVALID = { ok: false, reason: 'invalid' } as const;

function jsonObject(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Verifies signature, header, issuer, audience, expiry and not-before (no clock tolerance, as jose's default). */
export function verifyHs256(
  token: string,
  key: KeyObject,
  expect: { issuer: string; audience: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): Hs256Result {
  const parts = token.split('.');
  if (parts.length !== 3) return INVALID;
  const [h, p, sig] = parts as [string, string, string];
  if (!B64URL.test(h) || !B64URL.test(p) || !B64URL.test(sig)) return INVALID;
  // Comparing encodings refuses the non-canonical spellings of a valid signature (the last character's spare bits).
  const expected = Buffer.from(createHmac('sha256', key).update(`${h}.${p}`).digest('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return INVALID;

  const header = jsonObject(h);
  if (header?.alg !== 'HS256' || 'crit' in header || 'b64' in header) return INVALID;
  const payload = jsonObject(p);
  if (payload?.iss !== expect.issuer) return INVALID;
  const aud = payload.aud;
  if (!(aud === expect.audience || (Array.isArray(aud) && aud.includes(expect.audience)))) return INVALID;
  if ('iat' in payload && typeof payload.iat !== 'number') return INVALID;
  if ('nbf' in payload && (typeof payload.nbf !== 'number' || payload.nbf > nowSeconds)) return INVALID;
  if (typeof payload.exp !== 'number') return INVALID;
  if (payload.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
