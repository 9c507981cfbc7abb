// The waiting list is drawn in blocks of rows that the browser skips while
// off screen. Blocks follow their rows from one render to the next (each row
// stays in the block it was in), so calling the first patient or moving one
// row changes one or two blocks, not every block after it: a block whose
// rows changed is re-diffed and laid out, the others are left alone.

/**
 * A block under the minimum takes the next block's rows in. New rows fill a
 * block up to the maximum; rows that came from other blocks (moves, merges)
 * may take it up to twice that before it is cut, so that one row moving in
 * does not push a row out of every block after it.
 */
export const MIN_BLOCK_ROWS = 6;
export const MAX_BLOCK_ROWS = 16;

export interface Block<T> {
  /** Stable across renders while the block keeps its rows: Preact's key. */
  key: number;
  /** Index of the block's first row in the whole list. */
  start: number;
  rows: T[];
}

export interface Blocks<T> {
  blocks: Block<T>[];
  /** Which block each row id was in, for the next render. */
  blockOf: ReadonlyMap<string, number>;
  nextKey: number;
}

export function toBlocks<T extends { id: string }>(rows: readonly T[], previous: Blocks<T> | null): Blocks<T> {
  const blocks: Block<T>[] = [];
  const blockOf = new Map<string, number>();
  const used = new Set<number>();
  let nextKey = previous?.nextKey ?? 0;
  let current: Block<T> | null = null;
  let lastPrev: number | undefined;
  rows.forEach((row, i) => {
    const prev = previous?.blockOf.get(row.id);
    const leftItsBlock = prev !== undefined && lastPrev !== undefined && prev !== lastPrev;
    const size = current?.rows.length ?? 0;
    const full = size >= (prev === undefined ? MAX_BLOCK_ROWS : 2 * MAX_BLOCK_ROWS);
    if (!current || full || (leftItsBlock && size >= MIN_BLOCK_ROWS)) {
      const key: number = prev !== undefined && !used.has(prev) ? prev : nextKey++;
      used.add(key);
      current = { key, start: i, rows: [] };
      blocks.push(current);
    }
    current.rows.push(row);
    blockOf.set(row.id, current.key);
    if (prev !== undefined) lastPrev = prev;
  });
  // A block that kept exactly its rows keeps its array too, so the memoised
  // block (WaitingList.tsx) skips it without comparing each row.
  if (previous) {
    const before = new Map(previous.blocks.map((b) => [b.key, b.rows]));
    for (const b of blocks) {
      const old = before.get(b.key);
      if (old && old.length === b.rows.length && old.every((r, j) => r === b.rows[j])) b.rows = old;
    }
  }
  return { blocks, blockOf, nextKey };
}
