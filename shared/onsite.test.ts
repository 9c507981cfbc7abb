import { describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ONSITE_AUDIENCE, ONSITE_WINDOW_MS, onSiteWindow, onSiteWindowValid, signOnSiteCode } from './onsite.ts';

const T = 1_800_000_000_000;

describe('on-site codes', () => {
  it('when a code is checked, then its own window and the one before pass, and nothing older or newer', () => {
    const w = onSiteWindow(T);
    expect(onSiteWindowValid(w, T)).toBe(true);
    expect(onSiteWindowValid(w, T + ONSITE_WINDOW_MS)).toBe(true);
    expect(onSiteWindowValid(w, T + 2 * ONSITE_WINDOW_MS)).toBe(false);
    expect(onSiteWindowValid(w + 1, T)).toBe(false);
    expect(onSiteWindowValid(w + 0.5, T)).toBe(false);
  });

  it('when the tablet signs one, then it names the clinic, the window and the device, for the on-site audience', async () => {
    const code = await signOnSiteCode('0190f6c4-7a2b-7c3d-8e4f-123456789abc', T, 'device-1', new TextEncoder().encode('k'.repeat(32)));
    expect(decodeProtectedHeader(code)).toMatchObject({ alg: 'HS256', kid: 'device-1' });
    expect(decodeJwt(code)).toMatchObject({ cid: '0190f6c4-7a2b-7c3d-8e4f-123456789abc', w: onSiteWindow(T), aud: ONSITE_AUDIENCE });
  });
});
