import { describe, expect, it } from 'vitest';
import { servingCards } from './serving-cards.ts';

const e = (id: string, doctorId: string | null, status: 'called' | 'in_consultation' | 'waiting' = 'called', calledAt = 1) => ({
  id,
  doctorId,
  status,
  calledAt,
});
const ids = (es: readonly { id: string }[] | undefined) => (es ?? []).map((x) => x.id);

describe('servingCards', () => {
  it('puts each called patient on their doctor’s card, the unassigned on the general card, oldest call first', () => {
    const cards = servingCards(
      [e('a', 'd1', 'called', 5), e('b', 'd1', 'in_consultation', 2), e('c', null), e('w', 'd1', 'waiting')],
      ['d1'],
      true,
    );
    expect(ids(cards.byCard.get('d1'))).toEqual(['b', 'a']);
    expect(ids(cards.byCard.get(null))).toEqual(['c']);
    expect(cards.others).toEqual([]);
  });

  it('when the doctor who called a patient has no card any more (inactive), then the patient is on the "other doctors" card, not lost', () => {
    const cards = servingCards([e('a', 'gone'), e('b', 'd1')], ['d1'], true);
    expect(ids(cards.others)).toEqual(['a']);
    expect(ids(cards.byCard.get('d1'))).toEqual(['b']);
  });

  it("when one doctor's tab is open, then only that doctor's card fills: others belong to the all-doctors view", () => {
    const cards = servingCards([e('a', 'gone'), e('b', 'd1'), e('c', null)], ['d1'], false);
    expect(ids(cards.byCard.get('d1'))).toEqual(['b']);
    expect(ids(cards.byCard.get(null))).toEqual([]);
    expect(cards.others).toEqual([]);
  });
});
