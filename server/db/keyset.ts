// A table read in pages by key: each page asks for the rows after the last
// key seen, so memory holds one page whatever the table's size, and stopping
// (the consumer's `return`, e.g. a client gone) stops the reads.

export async function* keysetPages<R, K>(
  read: (after: K | null, limit: number) => Promise<R[]>,
  keyOf: (row: R) => K,
  size: number,
): AsyncGenerator<R[]> {
  let after: K | null = null;
  for (;;) {
    const rows = await read(after, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = keyOf(rows.at(-1)!);
  }
}
