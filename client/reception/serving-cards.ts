// Which "now serving" card shows whom. A card per doctor shown and one for the
// general queue; a patient called by a doctor with no card (made inactive, or
// deleted, since the call) goes on an "other doctors" card instead of on none:
// before, they vanished from every card while still being seen.
import type { Entry } from '../../shared/schemas.ts';

export interface ServingCards<E> {
  byCard: Map<string | null, E[]>;
  /** Called by a doctor without a card; empty unless the general card shows (the all-doctors view). */
  others: E[];
}

export function servingCards<E extends Pick<Entry, 'status' | 'doctorId' | 'calledAt'>>(
  entries: readonly E[],
  cardDoctorIds: readonly string[],
  showGeneral: boolean,
): ServingCards<E> {
  const byCard = new Map<string | null, E[]>([...cardDoctorIds.map((id) => [id, []] as [string, E[]]), [null, []]]);
  const others: E[] = [];
  const serving = entries
    .filter((e) => e.status === 'called' || e.status === 'in_consultation')
    .sort((a, b) => (a.calledAt ?? 0) - (b.calledAt ?? 0));
  for (const e of serving) {
    const card = byCard.get(e.doctorId);
    if (card && (e.doctorId !== null || showGeneral)) card.push(e);
    else if (e.doctorId !== null && showGeneral) others.push(e);
  }
  return { byCard, others };
}
