import { describe, expect, it } from 'vitest';
import { neutralised } from './spreadsheet.ts';

describe('neutralised', () => {
  it('when a cell starts as a formula would, then it gets a leading apostrophe', () => {
    for (const v of ['=1+2', '+33 6', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralised(v)).toBe(`'${v}`);
  });

  it('when a cell starts otherwise, then it is left as it is (a formula sign further in runs nothing)', () => {
    for (const v of ['Dr X', 'A=1', '', 'مريض', "'=1"]) expect(neutralised(v)).toBe(v);
  });
});
