// A long answer read as it arrives, to show how far it has got: the exports
// write one row a line, so counting line ends counts rows.

const NEWLINE = 10;

/** The whole body as a Blob; `onLines` after each chunk with the lines so far. Throws if the connection is cut. */
export async function readCountingLines(res: Response, onLines: (lines: number) => void): Promise<Blob> {
  const type = res.headers.get('content-type') ?? '';
  if (!res.body) return new Blob([], { type });
  const reader = res.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    for (const b of value) if (b === NEWLINE) lines++;
    onLines(lines);
  }
  return new Blob(chunks, { type });
}
