// Report ranges are clinic days (YYYY-MM-DD), both ends included, as the
// server reads them. Calendar arithmetic on dates only: no clock, no zone.
export const PRESET_DAYS = [7, 28, 90] as const;
export const DEFAULT_DAYS = 28;
/** The server refuses ranges whose ends are further apart. */
const MAX_SPAN_DAYS = 400;

export interface Range {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function addDays(day: string, n: number): string {
  return new Date(utc(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The last `n` days up to and including `today`. */
export function lastDays(n: number, today: string): Range {
  return { from: addDays(today, -(n - 1)), to: today };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isValidRange(r: Range): boolean {
  return DAY.test(r.from) && DAY.test(r.to) && r.from <= r.to && (utc(r.to) - utc(r.from)) / DAY_MS <= MAX_SPAN_DAYS;
}

export function eachDay(r: Range): string[] {
  const out: string[] = [];
  for (let d = r.from; d <= r.to; d = addDays(d, 1)) out.push(d);
  return out;
}
