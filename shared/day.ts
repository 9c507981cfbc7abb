// A clinic's calendar day, in its own module: the opening hours' date
// overrides (opening-hours.ts) need it, and schemas.ts imports those.
import { z } from 'zod';

/** Local calendar day of the clinic, e.g. 2026-11-28. Tickets restart every day. */
export const Day = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
  }, 'not a calendar day');
export type Day = z.infer<typeof Day>;

const DAY_MS = 86_400_000;

/** Days are named at noon UTC, far from any midnight, so adding days never lands on the wrong date. */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** 0 is Sunday, as in OpeningHours. */
export const weekdayOf = (day: string): number => new Date(`${day}T12:00:00Z`).getUTCDay();

/** Days from `from` to `to` inclusive (1 for the same day). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
