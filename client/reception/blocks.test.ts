import { describe, expect, it } from 'vitest';
import { type Blocks, MAX_BLOCK_ROWS, MIN_BLOCK_ROWS, toBlocks } from './blocks.ts';

type Row = { id: string };
const rows = (n: number, from = 0): Row[] => Array.from({ length: n }, (_, i) => ({ id: `r${from + i}` }));
const shape = (b: Blocks<Row>) => b.blocks.map((x) => ({ key: x.key, start: x.start, ids: x.rows.map((r) => r.id) }));
/** Blocks whose rows changed: the ones Preact re-diffs. */
function changed(before: Blocks<Row>, after: Blocks<Row>): number[] {
  const was = new Map(before.blocks.map((b) => [b.key, b.rows.map((r) => r.id).join()]));
  return after.blocks.filter((b) => was.get(b.key) !== b.rows.map((r) => r.id).join()).map((b) => b.key);
}

describe('blocks of the waiting list', () => {
  it('when the list is first drawn, then it is cut into full blocks that cover every row in order', () => {
    const b = toBlocks(rows(100), null);
    const full = Math.floor(100 / MAX_BLOCK_ROWS);
    expect(b.blocks.map((x) => x.rows.length)).toEqual([...Array<number>(full).fill(MAX_BLOCK_ROWS), 100 - full * MAX_BLOCK_ROWS]);
    expect(b.blocks.map((x) => x.start)).toEqual(b.blocks.map((_, i) => i * MAX_BLOCK_ROWS));
    expect(b.blocks.flatMap((x) => x.rows)).toEqual(rows(100));
  });

  it('when the first patient is called, then only the first block changes; the others keep their key and rows, one place earlier', () => {
    const first = toBlocks(rows(100), null);
    const next = toBlocks(rows(99, 1), first);
    expect(changed(first, next)).toEqual([first.blocks[0]!.key]);
    expect(next.blocks.map((x) => x.start)).toEqual(next.blocks.map((_, i) => Math.max(0, i * MAX_BLOCK_ROWS - 1)));
  });

  it('when a row moves up past the first row of its block, then at most the two blocks around the boundary change', () => {
    const list = rows(100);
    const first = toBlocks(list, null);
    const moved = [...list];
    [moved[MAX_BLOCK_ROWS - 1], moved[MAX_BLOCK_ROWS]] = [moved[MAX_BLOCK_ROWS]!, moved[MAX_BLOCK_ROWS - 1]!];
    const next = toBlocks(moved, first);
    expect(next.blocks.flatMap((x) => x.rows)).toEqual(moved);
    expect(changed(first, next).length).toBeLessThanOrEqual(2);
  });

  it('when patients are called one after another, then a shrunken first block takes the next one in; blocks stay whole, in order, sized, and each call changes at most two', () => {
    let b = toBlocks(rows(100), null);
    for (let from = 1; from <= 80; from++) {
      const next = toBlocks(rows(100 - from, from), b);
      expect(changed(b, next).length).toBeLessThanOrEqual(2);
      b = next;
      expect(b.blocks.flatMap((x) => x.rows)).toEqual(rows(100 - from, from));
      expect(b.blocks.slice(0, -1).every((x) => x.rows.length >= MIN_BLOCK_ROWS && x.rows.length <= 2 * MAX_BLOCK_ROWS)).toBe(true);
      expect(new Set(b.blocks.map((x) => x.key)).size).toBe(b.blocks.length);
    }
  });

  it('when patients are registered one after another, then blocks never pass the maximum', () => {
    let b = toBlocks(rows(1), null);
    for (let n = 2; n <= 130; n++) b = toBlocks(rows(n), b);
    expect(b.blocks.every((x) => x.rows.length <= MAX_BLOCK_ROWS)).toBe(true);
    expect(shape(b).flatMap((x) => x.ids)).toEqual(rows(130).map((r) => r.id));
  });

  it('when the first patient is called, then every block that kept its rows keeps the same array', () => {
    const list = rows(100);
    const first = toBlocks(list, null);
    const next = toBlocks(list.slice(1), first);
    expect(next.blocks[0]!.rows).not.toBe(first.blocks[0]!.rows);
    expect(next.blocks.slice(1).every((b, i) => b.rows === first.blocks[i + 1]!.rows)).toBe(true);
  });
});
