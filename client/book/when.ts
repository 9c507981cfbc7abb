// Slot times as the clinic's clock shows them, whatever the phone's zone: a
// patient abroad booking their clinic reads the clinic's times.
export interface SlotFormats {
  day: (ms: number) => string;
  time: (ms: number) => string;
  full: (ms: number) => string;
}

export function slotFormats(locale: string, timeZone: string): SlotFormats {
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  return { day: (ms) => day.format(ms), time: (ms) => time.format(ms), full: (ms) => `${day.format(ms)}, ${time.format(ms)}` };
}
