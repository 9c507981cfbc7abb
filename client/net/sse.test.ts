import { describe, expect, it } from 'vitest';
import { readSse } from './sse.ts';

function body(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

describe('readSse', () => {
  it('when frames are split across chunks and mixed with comments, then each message comes out whole, in order', async () => {
    const out = [];
    for await (const m of readSse(
      body(['event: resync\nda', 'ta: {"type":"resync"}\n\n: heartbeat\n\n', 'event: changes\r\ndata: {"a":', '1}\r\n\r\n']),
    ))
      out.push(m);
    expect(out).toEqual([
      { event: 'resync', data: '{"type":"resync"}' },
      { event: 'changes', data: '{"a":1}' },
    ]);
  });

  it('when a multi-byte character is split between chunks, then it is decoded intact', async () => {
    const bytes = new TextEncoder().encode('data: "صباح"\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 8));
        c.enqueue(bytes.slice(8));
        c.close();
      },
    });
    const out = [];
    for await (const m of readSse(stream)) out.push(m.data);
    expect(out).toEqual(['"صباح"']);
  });
});
