import { describe, expect, it } from 'vitest';
import { withStoredPhone, withoutPhone } from './doctor-copy.ts';

const visit = { id: 'e1', name: 'Amel', phone: '+216 20 000 000', status: 'waiting', updatedAt: 1, _deleted: false };

describe("the doctor's copy of a visit", () => {
  it('when a visit goes to a doctor device, then its phone is null and the rest is kept', () => {
    expect(withoutPhone(visit)).toEqual({ ...visit, phone: null });
    expect(visit.phone).toBe('+216 20 000 000');
  });

  it('when a visit has no phone, then it goes as it is', () => {
    const none = { ...visit, phone: null };
    expect(withoutPhone(none)).toBe(none);
  });

  it('when a doctor device pushes a visit, then the stored phone is in both the assumed and the new state', () => {
    const copy = withoutPhone(visit);
    const row = { assumedMasterState: copy, newDocumentState: { ...copy, status: 'called', updatedAt: 2 } };
    const back = withStoredPhone(row, visit.phone);
    expect(back.assumedMasterState).toEqual(visit);
    expect(back.newDocumentState).toEqual({ ...visit, status: 'called', updatedAt: 2 });
  });

  it('when the device sends a number of its own, then the stored one replaces it (a doctor device never writes a phone)', () => {
    const row = { newDocumentState: { ...visit, phone: '+216 99 999 999' } };
    expect(withStoredPhone(row, null).newDocumentState.phone).toBeNull();
    expect('assumedMasterState' in withStoredPhone(row, null)).toBe(false);
  });

  it('when the same push is restored twice, then it is the same push', () => {
    const row = { assumedMasterState: withoutPhone(visit), newDocumentState: withoutPhone(visit) };
    const once = withStoredPhone(row, visit.phone);
    expect(withStoredPhone(once, visit.phone)).toEqual(once);
  });
});
