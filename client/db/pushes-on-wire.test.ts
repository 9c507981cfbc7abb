import { describe, expect, it } from 'vitest';
import { PushesOnWire } from './pushes-on-wire.ts';

describe('PushesOnWire', () => {
  it('when no push ran during a pull, then the pull is quiet', () => {
    const w = new PushesOnWire();
    const m = w.mark();
    expect(w.quietSince(m)).toBe(true);
  });

  it('when a push started, ended, or was already on the wire during a pull, then the pull is not quiet', () => {
    const w = new PushesOnWire();
    const before = w.mark();
    w.start();
    expect(w.quietSince(before)).toBe(false);
    const during = w.mark();
    expect(w.quietSince(during)).toBe(false);
    w.end();
    expect(w.quietSince(before)).toBe(false);
    expect(w.quietSince(during)).toBe(false);
    expect(w.quietSince(w.mark())).toBe(true);
  });

  it('when pushes overlap, then settled resolves only after the last one ended', async () => {
    const w = new PushesOnWire();
    w.start();
    w.start();
    let settled = false;
    const done = w.settled().then(() => {
      settled = true;
    });
    w.end();
    await Promise.resolve();
    expect(settled).toBe(false);
    w.end();
    await done;
    expect(settled).toBe(true);
    await w.settled();
  });
});
