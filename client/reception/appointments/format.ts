// Times and days of the appointment views, in the clinic's zone (a slot is the
// clinic's 09:30 whatever zone the tablet is set to) and the page's language.
import { useMemo } from 'preact/hooks';
import { useI18n } from '../i18n/index.ts';

export interface BookingFormat {
  /** A moment as the clinic's clock reads it: 09:30. */
  time: (ms: number) => string;
  /** A clinic day with its weekday: "mardi 8 décembre". */
  day: (day: string) => string;
  /** A clinic day, short: "mar. 8". */
  shortDay: (day: string) => string;
}

export function useBookingFormat(timeZone: string): BookingFormat {
  const { lang } = useI18n();
  return useMemo(() => {
    const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    // Clinic days are calendar dates: formatted at UTC noon so no zone moves them.
    const day = new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
    const shortDay = new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
    const noon = (d: string) => Date.parse(`${d}T12:00:00Z`);
    return { time: (ms) => time.format(ms), day: (d) => day.format(noon(d)), shortDay: (d) => shortDay.format(noon(d)) };
  }, [lang, timeZone]);
}
