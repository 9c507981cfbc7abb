import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicEvent } from '../../shared/projection.ts';
import { backoffDelay } from '../../shared/backoff.ts';
import { STREAM_BACKOFF } from '../net/device-stream.ts';
import type { TokenSource } from '../net/authed-fetch.ts';
import { openPublicStream, type StreamStatus } from './stream.ts';

// The loop listens for "online", "offline" and "visibilitychange": plain event targets stand in for the page.
const g = globalThis as unknown as { window?: EventTarget; document?: EventTarget & { visibilityState: string } };
const had = { window: g.window, document: g.document };
beforeAll(() => {
  g.window = new EventTarget();
  g.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
});
afterAll(() => {
  g.window = had.window;
  g.document = had.document;
});

const snapshot: PublicEvent = { type: 'snapshot', entries: [], doctors: [], settings: null, reception: null, at: 1 };
const sse = (frames: object[], keepOpen = false) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const f of frames) c.enqueue(new TextEncoder().encode(`event: x\ndata: ${JSON.stringify(f)}\n\n`));
      if (!keepOpen) c.close();
    },
  });
/** Sends `frames`, then stays open and silent until `signal` aborts it, as a hung connection under fetch does. */
const hanging = (frames: object[], signal?: AbortSignal) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const f of frames) c.enqueue(new TextEncoder().encode(`event: x\ndata: ${JSON.stringify(f)}\n\n`));
      signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')), { once: true });
    },
  });
const json = (status: number, code: string) => new Response(JSON.stringify({ error: { code } }), { status });

/**
 * Without `renew`, a ticket link (t0); with it, a display's device tokens: `t<n>` for the n-th connection,
 * and `renew` says how their refresh goes (renewed, no network, refused).
 */
function run(
  responses: ((signal?: AbortSignal) => Response | Promise<Response>)[],
  renew?: () => Promise<'renewed' | 'offline' | 'refused'>,
  silenceMs?: number,
) {
  const statuses: StreamStatus[] = [];
  const frames: PublicEvent[] = [];
  const tokens: string[] = [];
  let call = 0;
  const auth: TokenSource | undefined = renew && {
    accessToken: async () => `t${call}`,
    refresh: async () => {
      const r = await renew();
      return r === 'renewed' ? `t${call}` : r === 'offline' ? null : 'revoked';
    },
  };
  const stop = openPublicStream({
    credential: auth ? { auth } : { ticket: 't0' },
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    onHeard: () => {},
    silenceMs,
    fetchFn: (async (_url: string, init: RequestInit) => {
      tokens.push((init.headers as Record<string, string>).authorization!);
      const next = responses[Math.min(call++, responses.length - 1)]!;
      return next(init.signal ?? undefined);
    }) as typeof fetch,
  });
  return { statuses, frames, tokens, stop, calls: () => call };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('public stream', () => {
  it('when the snapshot arrives, then the stream is live and frames pass through in order', async () => {
    const change: PublicEvent = { type: 'entries', documents: [] };
    const s = run([() => new Response(sse([snapshot, change], true))]);
    await until(() => s.frames.length === 2);
    expect(s.statuses).toEqual(['connecting', 'live']);
    expect(s.frames.map((f) => f.type)).toEqual(['snapshot', 'entries']);
    expect(s.tokens[0]).toBe('Bearer t0');
    s.stop();
  });

  it('when a live stream ends (a server restart says bye), then it reconnects at once', async () => {
    const s = run([() => new Response(sse([snapshot, { type: 'bye' }])), () => new Response(sse([snapshot], true))]);
    await until(() => s.calls() === 2 && s.statuses.at(-1) === 'live');
    expect(s.frames.filter((f) => f.type === 'snapshot')).toHaveLength(2);
    expect(s.statuses).not.toContain('offline');
    s.stop();
  });

  it('when the network fails, then it says offline and retries until the server answers', async () => {
    const s = run([() => Promise.reject(new TypeError('Failed to fetch')), () => new Response(sse([snapshot], true))]);
    await until(() => s.statuses.at(-1) === 'live');
    expect(s.statuses).toEqual(['connecting', 'offline', 'live']);
    s.stop();
  });

  it('when a live connection goes silent past the watchdog, then the page says offline at once, not "connecting"', async () => {
    const s = run([(signal) => new Response(hanging([snapshot], signal)), () => new Promise<Response>(() => {})], undefined, 50);
    await until(() => s.statuses.at(-1) === 'offline');
    expect(s.statuses).toEqual(['connecting', 'live', 'offline']);
    s.stop();
  });

  it('when the browser says the network is gone, then a live stream says offline at once and drops its connection; the next one brings it back', async () => {
    const s = run([(signal) => new Response(hanging([snapshot], signal)), () => new Response(sse([snapshot], true))]);
    await until(() => s.statuses.at(-1) === 'live');
    g.window!.dispatchEvent(new Event('offline'));
    expect(s.statuses.at(-1)).toBe('offline');
    await until(() => s.calls() === 2 && s.statuses.at(-1) === 'live');
    expect(s.statuses).toEqual(['connecting', 'live', 'offline', 'live']);
    s.stop();
  });

  it('when a ticket link expired, then it stops for good with "expired"', async () => {
    const s = run([() => json(401, 'token_expired')]);
    await until(() => s.statuses.at(-1) === 'expired');
    await new Promise((r) => setTimeout(r, 50));
    expect(s.calls()).toBe(1);
  });

  it('when a display token expires, then it renews and reconnects; refused twice in a row, it stops', async () => {
    let renewals = 0;
    const s = run([() => json(401, 'token_expired'), () => new Response(sse([snapshot], true))], async () => {
      renewals++;
      return 'renewed';
    });
    await until(() => s.statuses.at(-1) === 'live');
    expect(renewals).toBe(1);
    s.stop();

    const t = run([() => json(401, 'unauthenticated')], async () => 'renewed');
    await until(() => t.statuses.at(-1) === 'invalid');
    expect(t.calls()).toBe(2);
  });

  it('when the device is revoked (mid-stream or at connect), then it stops with "revoked"', async () => {
    const s = run([() => new Response(sse([snapshot, { type: 'auth', reason: 'revoked' }]))]);
    await until(() => s.statuses.at(-1) === 'revoked');
    const t = run([() => json(401, 'revoked')], async () => 'renewed');
    await until(() => t.statuses.at(-1) === 'revoked');
  });

  it('when a display hears mid-stream that its token expired, then it refreshes once and reconnects without going offline', async () => {
    let renewals = 0;
    const s = run(
      [() => new Response(sse([snapshot, { type: 'auth', reason: 'expired' }])), () => new Response(sse([snapshot], true))],
      async () => {
        renewals++;
        return 'renewed';
      },
    );
    await until(() => s.calls() === 2 && s.statuses.at(-1) === 'live');
    expect(renewals).toBe(1);
    expect(s.statuses).not.toContain('offline');
    s.stop();
  });

  it('backs off exponentially with jitter, capped', () => {
    const backoffMs = (attempt: number, random: () => number) => backoffDelay(STREAM_BACKOFF, attempt, random);
    expect(backoffMs(0, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 1)).toBe(8000);
    expect(backoffMs(3, () => 0)).toBe(4000);
    expect(backoffMs(20, () => 1)).toBe(30_000);
  });
});
