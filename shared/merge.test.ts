import { describe, expect, it } from 'vitest';
import { ENTRY_GROUPS, mergeDocs, unansweredBase } from './merge.ts';

const base = {
  id: 'e1',
  name: 'Amel',
  phone: null as string | null,
  status: 'waiting',
  calledAt: null as number | null,
  startedAt: null as number | null,
  endedAt: null as number | null,
  doctorId: null as string | null,
  rank: 'a0',
  priority: 'normal',
  updatedAt: 100,
  _deleted: false,
};

describe('mergeDocs', () => {
  it('when each side changed a different group, then both changes are kept', () => {
    const local = { ...base, rank: 'a5', updatedAt: 200 };
    const remote = { ...base, status: 'called', calledAt: 150, doctorId: 'd1', updatedAt: 150 };
    expect(mergeDocs(base, local, remote, ENTRY_GROUPS)).toEqual({
      ...base,
      rank: 'a5',
      status: 'called',
      calledAt: 150,
      doctorId: 'd1',
      updatedAt: 200,
    });
  });

  it('when both changed the lifecycle, then the later write wins the whole group', () => {
    const local = { ...base, status: 'no_show', endedAt: 300, updatedAt: 300 };
    const remote = { ...base, status: 'called', calledAt: 250, doctorId: 'd2', updatedAt: 250 };
    const merged = mergeDocs(base, local, remote, ENTRY_GROUPS);
    expect(merged).toMatchObject({ status: 'no_show', endedAt: 300, calledAt: null, doctorId: null });
  });

  it('when both changed a group at the same time, then the server copy wins, on every device', () => {
    const local = { ...base, name: 'Amel B', updatedAt: 200 };
    const remote = { ...base, name: 'Amal', updatedAt: 200 };
    expect(mergeDocs(base, local, remote, ENTRY_GROUPS).name).toBe('Amal');
  });

  it('when merging in either direction, then both devices reach the same document', () => {
    const a = { ...base, rank: 'a3', name: 'X', updatedAt: 210 };
    const b = { ...base, status: 'called', calledAt: 205, name: 'Y', updatedAt: 220 };
    // Device A resolves against server B, device B resolves against server A.
    const onA = mergeDocs(base, a, b, ENTRY_GROUPS);
    const onB = mergeDocs(base, b, a, ENTRY_GROUPS);
    expect(onA).toEqual(onB);
  });

  it('when one side deleted, then the deletion wins', () => {
    expect(
      mergeDocs(base, { ...base, _deleted: true, updatedAt: 101 }, { ...base, name: 'Z', updatedAt: 300 }, ENTRY_GROUPS)._deleted,
    ).toBe(true);
  });

  it('when there is no base, then the later document wins whole, ties to the server', () => {
    const local = { ...base, name: 'L', updatedAt: 100 };
    const remote = { ...base, name: 'R', updatedAt: 100 };
    expect(mergeDocs(undefined, local, remote).name).toBe('R');
    expect(mergeDocs(undefined, { ...local, updatedAt: 101 }, remote).name).toBe('L');
  });
});

describe('unansweredBase', () => {
  const sent = { ...base, status: 'called', calledAt: 150, doctorId: 'd1', updatedAt: 150 };

  it('when there is no assumed state, then the unanswered state itself is the base', () => {
    expect(unansweredBase(undefined, sent, { ...sent, rank: 'a9' }, ENTRY_GROUPS)).toBe(sent);
  });

  it('when the server copy still shows a group as sent, then that group is based on what was sent; others on the assumed state', () => {
    // The server took the call, then another desk moved the entry.
    const real = { ...sent, rank: 'a9', updatedAt: 200 };
    expect(unansweredBase(base, sent, real, ENTRY_GROUPS)).toEqual({
      ...base,
      status: 'called',
      calledAt: 150,
      doctorId: 'd1',
    });
  });

  it('when another device changed the same group after the lost push, then that group keeps the assumed base', () => {
    const real = { ...sent, status: 'no_show', endedAt: 300, updatedAt: 300 };
    const b = unansweredBase(base, sent, real, ENTRY_GROUPS);
    expect(b).toMatchObject({ status: 'waiting', calledAt: null, endedAt: null, doctorId: null });
  });

  it('when merged against this base, then a later local edit of the same group survives the lost answer', () => {
    // Lost answer: the server has `sent`; this desk then moved the patient back to waiting.
    const local = { ...base, updatedAt: 400 };
    const real = { ...sent };
    const merged = mergeDocs(unansweredBase(base, sent, real, ENTRY_GROUPS), local, real, ENTRY_GROUPS);
    expect(merged).toMatchObject({ status: 'waiting', calledAt: null, doctorId: null, updatedAt: 400 });
    // Against the assumed state alone, the desk's own call looks like another's change and the edit is lost.
    expect(mergeDocs(base, local, real, ENTRY_GROUPS)).toMatchObject({ status: 'called' });
  });

  it('when fields are outside every group, then each is its own group', () => {
    const a = { id: 'd', name: 'A', room: '1', updatedAt: 1, _deleted: false };
    const s = { ...a, name: 'B', room: '2', updatedAt: 2 };
    const r = { ...s, room: '3', updatedAt: 3 };
    expect(unansweredBase(a, s, r)).toEqual({ ...a, name: 'B', updatedAt: 1 });
  });
});
