import { describe, expect, it } from 'vitest';
import { StreamGate, type StreamItem } from './stream-gate.ts';

type D = { id: string; v: number };
const ev = (seq: number, ...docs: D[]) => ({ documents: docs, checkpoint: { seq } });

/** A gate with RxDB played by the test: what it was handed, and where its checkpoint stands. */
function gate() {
  const handed: StreamItem<D>[] = [];
  const rx = { stored: 0 };
  const g = new StreamGate<D>(
    (item) => handed.push(item),
    () => rx.stored,
  );
  /** RxDB takes what it was handed: busy, then idle. */
  const process = () => {
    g.active(true);
    g.active(false);
  };
  return { g, handed, rx, process };
}

describe('stream gate', () => {
  it('when RxDB is busy, then events wait, in order, and go together once it is idle', () => {
    const { g, handed } = gate();
    g.add(ev(1, { id: 'a', v: 1 }));
    expect(handed).toEqual([]);
    g.active(false);
    expect(handed).toEqual([ev(1, { id: 'a', v: 1 })]);
    g.add(ev(2, { id: 'b', v: 1 }));
    g.add(ev(3, { id: 'c', v: 1 }));
    // Handed over and not yet taken: the next ones wait for RxDB to have been busy and idle again.
    g.active(false);
    expect(handed).toHaveLength(1);
    g.active(true);
    expect(handed).toHaveLength(1);
    g.active(false);
    expect(handed.slice(1)).toEqual([ev(2, { id: 'b', v: 1 }), ev(3, { id: 'c', v: 1 })]);
    expect(g.waiting).toBe(0);
  });

  it('when the tablet pushed a document after the server read an event, then that event reaches RxDB without it', () => {
    const { g, handed, process } = gate();
    g.active(true);
    // Read by the server at 5, while the tablet's push (committed at 7) was on the wire.
    g.add(ev(5, { id: 'a', v: 1 }, { id: 'b', v: 1 }));
    g.pushed(['a'], 7);
    g.active(false);
    expect(handed).toEqual([ev(5, { id: 'b', v: 1 })]);
    process();
    // Read after the push committed: the server's copy is the pushed one or newer.
    g.add(ev(7, { id: 'a', v: 2 }));
    expect(handed.at(-1)).toEqual(ev(7, { id: 'a', v: 2 }));
  });

  it('when an event was read before what RxDB already stored, then none of its documents reach RxDB', () => {
    const { g, handed, rx, process } = gate();
    g.active(true);
    g.add(ev(4, { id: 'a', v: 1 }));
    // A catch-up pull stored up to 9 meanwhile.
    rx.stored = 9;
    g.active(false);
    expect(handed).toEqual([ev(4)]);
    process();
    g.add(ev(10, { id: 'a', v: 3 }));
    expect(handed.at(-1)).toEqual(ev(10, { id: 'a', v: 3 }));
  });

  it('when a RESYNC comes, then the events waiting before it are dropped (its pull reads them), it goes alone, and what follows waits for its pull', () => {
    const { g, handed, rx } = gate();
    g.active(true);
    g.add(ev(3, { id: 'a', v: 1 }));
    g.add('RESYNC');
    g.add(ev(8, { id: 'a', v: 2 }, { id: 'b', v: 1 }));
    g.active(false);
    expect(handed).toEqual(['RESYNC']);
    g.active(true);
    rx.stored = 8;
    g.active(false);
    expect(handed).toEqual(['RESYNC', ev(8)]);
  });

  it('when a document was pushed twice, then its later sequence counts, whatever the order the answers came in', () => {
    const { g, handed, rx, process } = gate();
    g.active(false);
    g.pushed(['a'], 5);
    g.pushed(['a'], 3);
    g.add(ev(4, { id: 'a', v: 1 }));
    expect(handed.at(-1)).toEqual(ev(4));
    process();
    rx.stored = 6;
    g.add(ev(7, { id: 'a', v: 2 }));
    expect(handed.at(-1)).toEqual(ev(7, { id: 'a', v: 2 }));
  });
});
