// A clinic's weekly opening hours: replicated in its settings document, so the
// tablet knows them offline (the day's close) and the server reads the same
// value (check-in refused outside them).
import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
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
  })
  .strict();
export type OpeningHours = z.infer<typeof OpeningHours>;
