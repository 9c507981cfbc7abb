// Opening hours as the editor holds them: each weekday's spans in the order
// typed, with the times as the inputs give them ('' while cleared). The API's
// flat list (shared/saas.ts, OpeningHours) goes in and out here.
import type { HoursOverride, OpeningHours } from '../../../shared/opening-hours.ts';

export interface Span {
  open: string;
  close: string;
}
/** Index 0 is Sunday, as in the API. */
export type Week = Span[][];

/** Tunisia's week starts on Monday: the editor lists the days in that order. */
export const DAY_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

/** What "add hours" proposes: a morning, then an afternoon; further spans start empty. */
const PROPOSED: readonly Span[] = [
  { open: '08:00', close: '12:00' },
  { open: '14:00', close: '18:00' },
];

export function toWeek(hours: OpeningHours): Week {
  const week: Week = [[], [], [], [], [], [], []];
  for (const s of [...hours.spans].sort((a, b) => a.open.localeCompare(b.open))) week[s.weekday]!.push({ open: s.open, close: s.close });
  return week;
}

export function fromWeek(week: Week): OpeningHours {
  return { spans: week.flatMap((day, weekday) => day.map((s) => ({ weekday, open: s.open, close: s.close }))) };
}

export function proposedSpan(day: readonly Span[]): Span {
  return { ...(PROPOSED[day.length] ?? { open: '', close: '' }) };
}

/** Both times typed and in order; HH:MM strings compare as times. */
export function spanValid(s: Span): boolean {
  return s.open !== '' && s.close !== '' && s.open < s.close;
}

/** The day listed just before this one, whose hours "same as the day before" copies. */
export function dayBefore(weekday: number): number | null {
  const i = DAY_ORDER.indexOf(weekday as (typeof DAY_ORDER)[number]);
  return i > 0 ? DAY_ORDER[i - 1]! : null;
}

/** A date override as the editor holds it: dates as the inputs give them ('' while cleared). */
export type OverrideRow = { from: string; to: string; spans: Span[] };

export const toRows = (o: readonly HoursOverride[] | undefined): OverrideRow[] =>
  (o ?? []).map((x) => ({ from: x.from, to: x.to, spans: x.spans.map((s) => ({ ...s })) }));

/** Both dates typed and in order, every span valid; the length limit is the schema's (shared/opening-hours.ts). */
export const rowValid = (r: OverrideRow): boolean => r.from !== '' && r.to !== '' && r.from <= r.to && r.spans.every(spanValid);
