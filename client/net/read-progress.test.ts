import { describe, expect, it } from 'vitest';
import { readCountingLines } from './read-progress.ts';

const streamOf = (parts: string[], fail = false) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(new TextEncoder().encode(p));
      if (fail) c.error(new Error('connection cut'));
      else c.close();
    },
  });

describe('readCountingLines', () => {
  it('when an answer arrives in chunks, then the lines so far are told after each, and the whole body is kept', async () => {
    const seen: number[] = [];
    const res = new Response(streamOf(['a,b\r\n1,', '2\r\n3,4\r\n', '5,6\r\n']), { headers: { 'content-type': 'text/csv' } });
    const blob = await readCountingLines(res, (n) => seen.push(n));
    expect(seen).toEqual([1, 3, 4]);
    expect(await blob.text()).toBe('a,b\r\n1,2\r\n3,4\r\n5,6\r\n');
    expect(blob.type).toBe('text/csv');
  });

  it('when the connection is cut half-way, then it throws rather than hand back a short file', async () => {
    await expect(readCountingLines(new Response(streamOf(['{"type":"header"}\n'], true)), () => {})).rejects.toThrow();
  });
});
