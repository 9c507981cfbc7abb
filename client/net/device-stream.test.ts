import { describe, expect, it } from 'vitest';
import { openDeviceStream, type Next } from './device-stream.ts';

const enc = new TextEncoder();
/** A stream that sends `frames` and then stays open (silent) or ends; aborting `signal` breaks it, as fetch's does. */
const body = (frames: string[], keepOpen: boolean, signal?: AbortSignal) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const f of frames) c.enqueue(enc.encode(`data: ${f}\n\n`));
      if (!keepOpen) c.close();
      signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')), { once: true });
    },
  });

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('openDeviceStream', () => {
  it('when a connection goes silent past the watchdog, then it is dropped and a new one opened at once', async () => {
    let opens = 0;
    const downs: [boolean, boolean][] = [];
    const s = openDeviceStream({
      silenceMs: 50,
      open: async (signal) => {
        opens++;
        return new Response(body(['hello'], true, signal));
      },
      onMessage: () => 'continue',
      onDown: (now, silent) => downs.push([now, silent]),
    });
    await until(() => opens >= 3);
    s.stop();
    await s.done;
    // Each connection had been up (a message came), so none waited for a backoff; the watchdog dropped each.
    expect(downs.slice(0, 2)).toEqual([
      [true, true],
      [true, true],
    ]);
  });

  it('when opening fails, then it backs off by the policy; wake() skips the wait', async () => {
    let opens = 0;
    const s = openDeviceStream({
      backoff: { baseMs: 60_000, capMs: 60_000, jitter: 0 },
      open: async () => {
        opens++;
        throw new TypeError('Failed to fetch');
      },
      onMessage: () => 'continue',
    });
    await until(() => opens === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(opens).toBe(1);
    s.wake();
    await until(() => opens === 2);
    s.stop();
    await s.done;
  });

  it('when a handler says stop, then the loop ends and opens nothing more', async () => {
    let opens = 0;
    const messages: string[] = [];
    const s = openDeviceStream({
      open: async () => {
        opens++;
        return new Response(body(['a', 'b', 'c'], true));
      },
      onMessage: (m): Next => {
        messages.push(m.data);
        return m.data === 'b' ? 'stop' : 'continue';
      },
    });
    await s.done;
    expect(messages).toEqual(['a', 'b']);
    expect(opens).toBe(1);
  });

  it('when open says again (a token was just renewed), then it reconnects at once without reporting a drop', async () => {
    let opens = 0;
    const downs: boolean[] = [];
    const s = openDeviceStream({
      backoff: { baseMs: 60_000, capMs: 60_000, jitter: 0 },
      open: async () => (++opens === 1 ? 'again' : new Response(body(['x'], true))),
      onMessage: () => 'stop',
      onDown: (now) => downs.push(now),
    });
    await s.done;
    expect(opens).toBe(2);
    expect(downs).toEqual([]);
  });

  it('when reconnect() is called on a live connection, then it is dropped and replaced', async () => {
    let opens = 0;
    const s = openDeviceStream({
      open: async (signal) => {
        opens++;
        return new Response(body(['x'], true, signal));
      },
      onMessage: () => 'continue',
    });
    await until(() => opens === 1);
    await new Promise((r) => setTimeout(r, 20));
    s.reconnect();
    await until(() => opens === 2);
    s.stop();
    await s.done;
  });
});
