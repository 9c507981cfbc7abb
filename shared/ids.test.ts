import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('when made later, then sorts later, and carries version 7 and the RFC variant', () => {
    const r = new Uint8Array(10).fill(0xff);
    const a = uuidv7(1_700_000_000_000, r);
    const b = uuidv7(1_700_000_000_001, new Uint8Array(10));
    expect(a < b).toBe(true);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.slice(0, 13)).toBe('018bcfe5-6800');
  });
});
