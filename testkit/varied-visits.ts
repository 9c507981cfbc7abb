// Past visits of every kind for the exports' tests: two doctors and none,
// urgent ones, self check-ins, no-shows and cancellations with their reason,
// phones, Arabic names and names a spreadsheet would run as formulas.
import type { Entry } from '../shared/schemas.ts';
import { dayOfVisits } from './history.ts';

/** Names that must come out as typed (the Arabic one) or neutralised (the others). */
export const TRICKY_NAMES = ['سلمى بن علي', '=HYPERLINK("http://x")', '+216 trick', '@SUM(A1)'] as const;

export function variedVisits(clinicId: string, days: readonly string[], perDay: number, timeZone: string): Entry[] {
  return days.flatMap((day) =>
    dayOfVisits(clinicId, day, perDay, timeZone).map((e, i): Entry => {
      const cancelled = e.status === 'cancelled';
      return {
        ...e,
        name: i < TRICKY_NAMES.length ? TRICKY_NAMES[i]! : `Patient ${day} ${i + 1}`,
        phone: i % 3 === 0 ? `+216 20 ${String(100 + i).padStart(3, '0')} 000` : null,
        doctorId: i % 4 === 3 ? null : i % 2 === 0 ? 'doc-1' : 'doc-2',
        priority: i % 7 === 6 ? 'urgent' : 'normal',
        source: i % 5 === 4 ? 'self' : 'reception',
        cancelReason: cancelled ? (i % 2 === 0 ? 'left' : 'patient') : null,
        // Some seen without a separate start: the consultation counts from the call.
        startedAt: e.status === 'done' && i % 6 === 1 ? null : e.startedAt,
      };
    }),
  );
}
