import { describe, expect, it } from 'vitest';
import { SERVER_TIME_HEADER } from '../../shared/protocol.ts';
import { DeviceClock, latestStamp } from './device-clock.ts';

const REAL = 1_800_000_000_000;
const TEN_MINUTES = 600_000;

function memoryStore(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('the page clock', () => {
  it('when an answer carries the server time, then a clock 10 minutes fast stamps the real time, and keeps the offset across a reload', () => {
    const store = memoryStore();
    let device = REAL + TEN_MINUTES;
    const clock = new DeviceClock(store, () => device);
    const res = new Response(null, { headers: { [SERVER_TIME_HEADER]: String(REAL + 100) } });
    const sentAt = clock.physicalNow();
    device += 200;
    clock.heardResponse(res, sentAt);
    expect(clock.now()).toBe(REAL + 200);
    expect(clock.correctedNow()).toBe(REAL + 200);

    // Reloaded offline: the kept offset still corrects.
    device = REAL + TEN_MINUTES + 60_000;
    expect(new DeviceClock(store, () => device).now()).toBe(REAL + 60_000);
  });

  it('when an answer has no server time, then nothing is learned', () => {
    const clock = new DeviceClock(null, () => REAL);
    clock.heardResponse(new Response(null), REAL);
    expect(clock.now()).toBe(REAL);
  });

  it('when a later stamp is on the documents, then the write is stamped after it', () => {
    const clock = new DeviceClock(null, () => REAL);
    const docs = [{ updatedAt: REAL - 5 }, { updatedAt: REAL + TEN_MINUTES }];
    expect(clock.now(latestStamp(docs))).toBe(REAL + TEN_MINUTES + 1);
    expect(clock.now()).toBe(REAL + TEN_MINUTES + 2);
  });
});
