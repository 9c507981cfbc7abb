import { describe, expect, it } from 'vitest';
import { SupersededCopies } from './superseded.ts';

const copy = (id: string, name: string, updatedAt: number) => ({ id, name, updatedAt, _deleted: false });

describe('SupersededCopies', () => {
  it('knows a replaced copy by its content, in any key order, and only in its collection', () => {
    const s = new SupersededCopies();
    s.replaced('entries', copy('e1', 'Amel', 100));
    expect(s.has('entries', { _deleted: false, updatedAt: 100, name: 'Amel', id: 'e1' } as never)).toBe(true);
    expect(s.has('appointments', copy('e1', 'Amel', 100))).toBe(false);
  });

  it('does not take a later version of the document for a replaced one', () => {
    const s = new SupersededCopies();
    s.replaced('entries', copy('e1', 'Amel', 100));
    expect(s.has('entries', copy('e1', 'Amel', 101))).toBe(false);
    expect(s.has('entries', copy('e1', 'Amal', 100))).toBe(false);
    expect(s.has('entries', copy('e2', 'Amel', 100))).toBe(false);
  });

  it('keeps the last few copies of a document and forgets the documents not pushed for longest', () => {
    const s = new SupersededCopies(2);
    for (let i = 1; i <= 5; i++) s.replaced('entries', copy('e1', `v${i}`, i));
    expect(s.has('entries', copy('e1', 'v1', 1))).toBe(false);
    expect([2, 3, 4, 5].every((i) => s.has('entries', copy('e1', `v${i}`, i)))).toBe(true);
    s.replaced('entries', copy('e2', 'x', 1));
    s.replaced('entries', copy('e1', 'v6', 6));
    s.replaced('entries', copy('e3', 'y', 1));
    expect(s.has('entries', copy('e2', 'x', 1))).toBe(false);
    expect(s.has('entries', copy('e1', 'v6', 6))).toBe(true);
    expect(s.has('entries', copy('e3', 'y', 1))).toBe(true);
  });
});
