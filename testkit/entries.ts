// Entry documents for tests, made by the same shared code the tablet uses.
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../shared/ids.ts';
import { registerEntry } from '../shared/register.ts';
import type { Entry } from '../shared/schemas.ts';

export function walkIn(
  existing: readonly Entry[],
  clinicId: string,
  name: string,
  opts: { series?: string; doctorId?: string | null; now?: number } = {},
): Entry {
  const now = opts.now ?? Date.now();
  return registerEntry(
    existing,
    {
      id: uuidv7(now, randomBytes(10)),
      clinicId,
      name,
      phone: null,
      doctorId: opts.doctorId ?? null,
      priority: 'normal',
      source: 'reception',
      series: opts.series ?? 'A',
      day: '2026-11-28',
    },
    now,
  );
}

/** A queue of n waiting patients, as one would register them one after another. */
export function queueOf(n: number, clinicId: string, now = Date.now()): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) out.push(walkIn(out, clinicId, `Patient ${i}`, { now: now + i }));
  return out;
}

export const wire = <T extends object>(d: T) => ({ ...d, _deleted: false });
