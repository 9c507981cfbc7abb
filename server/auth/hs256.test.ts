// The node:crypto verifier accepts what jose signs and jose's jwtVerify would
// accept, and refuses the rest: each case is signed with jose for real.
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyHs256 } from './hs256.ts';

const key = createSecretKey(randomBytes(32));
const other = createSecretKey(randomBytes(32));
const expect_ = { issuer: 'doctorq', audience: 'doctorq:staff' };
const NOW = 1_900_000_000;

function sign(claims: JWTPayload = {}, opts: { key?: typeof key; alg?: string; header?: Record<string, unknown> } = {}): Promise<string> {
  return new SignJWT({ cid: 'c', iss: 'doctorq', aud: 'doctorq:staff', exp: NOW + 60, ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT', ...opts.header })
    .sign(opts.key ?? key);
}

/** What jose says of the same token at the same time: the reference. */
async function jose(token: string): Promise<'ok' | 'expired' | 'invalid'> {
  try {
    await jwtVerify(token, key, { ...expect_, algorithms: ['HS256'], currentDate: new Date(NOW * 1000) });
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid';
  }
}
const ours = (token: string) => {
  const v = verifyHs256(token, key, expect_, NOW);
  return v.ok ? 'ok' : v.reason;
};

/** Re-signs header.payload with the right key, so only the part under test is wrong. */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const forge = (header: unknown, payload: unknown) => {
  const hp = `${b64(header)}.${b64(payload)}`;
  return `${hp}.${createHmac('sha256', key).update(hp).digest('base64url')}`;
};

describe('verifyHs256', () => {
  it('when jose signed a valid token, then its claims come back as jose reads them', async () => {
    const token = await sign({ sub: 'u', nbf: NOW - 1, iat: NOW - 1 });
    const v = verifyHs256(token, key, expect_, NOW);
    expect(v).toEqual({ ok: true, payload: (await jwtVerify(token, key, { currentDate: new Date(NOW * 1000) })).payload });
    expect(await jose(token)).toBe('ok');
  });

  it('when the token is expired (exp now or before), then expired, as jose says', async () => {
    for (const exp of [NOW, NOW - 1]) {
      const token = await sign({ exp });
      expect([ours(token), await jose(token)]).toEqual(['expired', 'expired']);
    }
  });

  it('when issuer, audience, not-before, signature or algorithm are wrong, then invalid, as jose says', async () => {
    const valid = await sign();
    const [h, p, s] = valid.split('.') as [string, string, string];
    const cases = [
      await sign({ iss: 'someone' }),
      await sign({ aud: 'doctorq:operator' }),
      await sign({ nbf: NOW + 10 }),
      await sign({}, { key: other }),
      await sign({}, { alg: 'HS512' }),
      forge({ alg: 'HS256', crit: ['x'], x: 1 }, { iss: 'doctorq', aud: 'doctorq:staff', exp: NOW + 60 }),
      forge({ alg: 'none' }, { iss: 'doctorq', aud: 'doctorq:staff', exp: NOW + 60 }),
      forge({ alg: 'HS256' }, { iss: 'doctorq', aud: 'doctorq:staff', exp: String(NOW + 60) }),
      forge({ alg: 'HS256' }, [1]),
      `${h}.${p}`,
      `${h}.${p}.${s}.${s}`,
      `${h}.${b64({ iss: 'doctorq', aud: 'doctorq:staff', exp: NOW + 9999 })}.${s}`,
      'not a token',
    ];
    for (const token of cases) expect([token, ours(token)]).toEqual([token, 'invalid']);
    for (const token of cases) expect([token, await jose(token)]).toEqual([token, 'invalid']);
  });

  it('when a token has no expiry or a re-spelt or padded signature, then invalid where jose alone accepts it', async () => {
    // Our claims schema always refused a token without expiry.
    const endless = forge({ alg: 'HS256' }, { iss: 'doctorq', aud: 'doctorq:staff' });
    // The last of 43 characters carries 2 spare bits: another spelling of the same signature bytes.
    const [h, p, s] = (await sign()).split('.') as [string, string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelt = `${h}.${p}.${s.slice(0, -1)}${alphabet[alphabet.indexOf(s.at(-1)!) ^ 1]}`;
    for (const token of [endless, respelt, `${h}.${p}.${s}=`]) expect([ours(token), await jose(token)]).toEqual(['invalid', 'ok']);
  });

  it('when the audience is a list holding ours, then valid, as jose says', async () => {
    const token = await sign({ aud: ['x', 'doctorq:staff'] });
    expect([ours(token), await jose(token)]).toEqual(['ok', 'ok']);
  });
});
