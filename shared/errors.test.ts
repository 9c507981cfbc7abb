import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorBody, parseErrorBody, readErrorBody } from './errors.ts';

const response = (body: string) => new Response(body, { status: 400, headers: { 'content-type': 'application/json' } });

describe('parseErrorBody', () => {
  it('when the body is the server error shape, then code, message and issues come out', () => {
    const body = {
      error: { code: 'invalid_body', message: 'invalid request body', issues: [{ path: ['name', 0], message: 'too short' }] },
    };
    expect(parseErrorBody(body)).toEqual(body.error);
  });

  it('when message and issues are absent, then only the code comes out (no undefined keys)', () => {
    expect(parseErrorBody({ error: { code: 'rate_limited' } })).toStrictEqual({ code: 'rate_limited' });
  });

  it('when the body is not an error body, then null', () => {
    for (const b of [null, 'x', 42, [], {}, { error: 'x' }, { error: { code: 3 } }, { error: { message: 'no code' } }]) {
      expect(parseErrorBody(b)).toBeNull();
    }
  });

  it('when the message or an issue is malformed, then the body is unreadable, as any unknown shape', () => {
    expect(parseErrorBody({ error: { code: 'x', message: 1 } })).toBeNull();
    expect(parseErrorBody({ error: { code: 'x', issues: [{ path: [{}], message: 'm' }] } })).toBeNull();
    expect(parseErrorBody({ error: { code: 'x', issues: 'no' } })).toBeNull();
  });

  it('when the server builds a body with errorBody, then the parser reads it back', () => {
    expect(parseErrorBody(errorBody('plan_limit', 'the Solo plan allows 1 device'))).toEqual({
      code: 'plan_limit',
      message: 'the Solo plan allows 1 device',
    });
  });
});

describe('readErrorBody', () => {
  it('when the response carries an error body, then its error', async () => {
    expect(await readErrorBody(response('{"error":{"code":"token_expired","message":"m"}}'))).toEqual({
      code: 'token_expired',
      message: 'm',
    });
  });

  it('when the response is not JSON (a proxy page), then null, never a throw', async () => {
    expect(await readErrorBody(response('<html>Bad gateway</html>'))).toBeNull();
    expect(await readErrorBody(response(''))).toBeNull();
  });
});

describe('ERROR_CODES', () => {
  it('lists each code once, in the wire spelling', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const c of ERROR_CODES) expect(c).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
