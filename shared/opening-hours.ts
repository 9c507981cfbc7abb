// A clinic's opening hours: replicated in its settings document, so the
// tablet knows them offline (the day's close) and the server reads the same
// value (check-in refused outside them).
import { z } from 'zod';
import { Day, daysBetween } from './day.ts';

/** A time of day on the clinic's clock. */
export const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Span = z
  .object({ open: HHMM, close: HHMM })
  .strict()
  .refine((s) => s.open < s.close, 'open must be before close');

/** Bounds that keep the settings document small (MAX_DOCUMENT_BYTES): a year of holidays and a Ramadan fit. */
export const MAX_OVERRIDES = 40;
export const MAX_OVERRIDE_DAYS = 62;

/**
 * Hours for a run of dates that replace the weekly ones: `spans: []` is a
 * holiday (closed all day), otherwise e.g. Ramadan's shorter hours for the
 * month. One day is `from` = `to`. Where several cover a day, the shortest
 * run wins (an Eid holiday inside Ramadan), then the first listed.
 */
export const HoursOverride = z
  .object({ from: Day, to: Day, spans: z.array(Span).max(4) })
  .strict()
  .refine((o) => o.from <= o.to, 'from must not be after to')
  .refine((o) => daysBetween(o.from, o.to) <= MAX_OVERRIDE_DAYS, `at most ${MAX_OVERRIDE_DAYS} days`);
export type HoursOverride = z.infer<typeof HoursOverride>;

/** Weekly opening hours; several spans a day (a lunch break) are several rows. */
export const OpeningHours = z
  .object({
    spans: z
      .array(
        z
          .object({ weekday: z.number().int().min(0).max(6), open: HHMM, close: HHMM })
          .refine((s) => s.open < s.close, 'open must be before close'),
      )
      .max(28),
    /** Absent in documents written before overrides existed: none. */
    overrides: z.array(HoursOverride).max(MAX_OVERRIDES).optional(),
  })
  .strict();
export type OpeningHours = z.infer<typeof OpeningHours>;
