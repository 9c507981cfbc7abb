// The papers a ticket prints on (Settings.ticketPaper).
export type TicketPaper = '58mm' | '80mm' | 'a6' | 'a4';
/** Clinics that set nothing print on the common 80 mm receipt roll. */
export const DEFAULT_PAPER: TicketPaper = '80mm';
