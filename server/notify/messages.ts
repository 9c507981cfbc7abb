// What a patient's phone shows. A message names the clinic, the ticket, the
// room and the wait, nothing else: no patient name, no reason for the visit,
// no diagnosis. A lock screen or an SMS inbox is read by whoever holds the phone.
import type { Language } from '../../shared/schemas.ts';

/**
 * joined: "you are in the queue" with the ticket link and the wait; next: almost your turn; remind_day and
 * remind_hour: a booked appointment (shared/reminders.ts), with the booking link to cancel or move it.
 */
export const NOTIFICATION_KINDS = ['joined', 'next', 'called', 'cancelled', 'remind_day', 'remind_hour'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface MessageFacts {
  clinic: string;
  ticket: string;
  /** The called doctor's room, when the clinic gave one. */
  room: string | null;
  /** The estimated wait in whole minutes ("joined" only). */
  wait: { low: number; high: number } | null;
  /**
   * The ticket page ("joined" only). Signed when the message leaves, never
   * stored: the link is the patient's credential for their ticket.
   */
  link: string | null;
  /** A reminder's slot, as the clinic's clock says it in the patient's language (appointmentTime). */
  when?: string;
}

const LOCALES: Record<Language, string> = { ar: 'ar-TN', fr: 'fr-TN', en: 'en-GB' };

/** A slot's day and time on the clinic's clock, in the patient's language: what a reminder says. */
export function appointmentTime(start: number, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(start);
}

type Texts = Record<NotificationKind, (f: MessageFacts) => string>;

const minutes = (f: MessageFacts) => (f.wait ? `${f.wait.low}–${f.wait.high}` : '?');

const TEXTS: Record<Language, Texts> = {
  fr: {
    joined: (f) =>
      `${f.clinic} : vous êtes dans la file, ticket ${f.ticket}. Attente estimée ${minutes(f)} min.${f.link ? ` Suivez votre place : ${f.link}` : ''}`,
    next: (f) => `${f.clinic} : ticket ${f.ticket}, c'est bientôt votre tour. Restez à proximité.`,
    called: (f) => `${f.clinic} : ticket ${f.ticket}, c'est votre tour.${f.room ? ` Présentez-vous salle ${f.room}.` : ''}`,
    cancelled: (f) => `${f.clinic} : ticket ${f.ticket}, votre visite est annulée.`,
    remind_day: (f) => `${f.clinic} : rappel, vous avez rendez-vous ${f.when}.${f.link ? ` Annuler ou déplacer : ${f.link}` : ''}`,
    remind_hour: (f) => `${f.clinic} : votre rendez-vous est dans une heure (${f.when}).${f.link ? ` Annuler : ${f.link}` : ''}`,
  },
  en: {
    joined: (f) =>
      `${f.clinic}: you are in the queue, ticket ${f.ticket}. Estimated wait ${minutes(f)} min.${f.link ? ` Follow your place: ${f.link}` : ''}`,
    next: (f) => `${f.clinic}: ticket ${f.ticket}, it is almost your turn. Please stay nearby.`,
    called: (f) => `${f.clinic}: ticket ${f.ticket}, it is your turn.${f.room ? ` Please go to room ${f.room}.` : ''}`,
    cancelled: (f) => `${f.clinic}: ticket ${f.ticket}, your visit is cancelled.`,
    remind_day: (f) => `${f.clinic}: reminder, you have an appointment ${f.when}.${f.link ? ` Cancel or move: ${f.link}` : ''}`,
    remind_hour: (f) => `${f.clinic}: your appointment is in an hour (${f.when}).${f.link ? ` Cancel: ${f.link}` : ''}`,
  },
  ar: {
    joined: (f) =>
      `${f.clinic}: أنت في قائمة الانتظار، التذكرة ${f.ticket}. الانتظار المتوقع ${minutes(f)} دقيقة.${f.link ? ` تابع دورك: ${f.link}` : ''}`,
    next: (f) => `${f.clinic}: التذكرة ${f.ticket}، اقترب دورك. يرجى البقاء قريبًا.`,
    called: (f) => `${f.clinic}: التذكرة ${f.ticket}، حان دورك.${f.room ? ` يرجى التوجه إلى القاعة ${f.room}.` : ''}`,
    cancelled: (f) => `${f.clinic}: التذكرة ${f.ticket}، تم إلغاء زيارتك.`,
    remind_day: (f) => `${f.clinic}: تذكير، لديك موعد ${f.when}.${f.link ? ` للإلغاء أو التغيير: ${f.link}` : ''}`,
    remind_hour: (f) => `${f.clinic}: موعدك بعد ساعة (${f.when}).${f.link ? ` للإلغاء: ${f.link}` : ''}`,
  },
};

export function messageText(kind: NotificationKind, lang: Language, facts: MessageFacts): string {
  return TEXTS[lang][kind](facts);
}

/**
 * The body parameters of the WhatsApp template of each kind, in the order of
 * its {{1}}, {{2}}…: the templates approved with Meta say in each language
 * what TEXTS says, around these values (docs/api.md lists them). A template
 * parameter may not be empty, hence the dash for a missing room.
 */
export function templateParameters(kind: NotificationKind, f: MessageFacts): string[] {
  switch (kind) {
    case 'joined':
      return [f.clinic, f.ticket, minutes(f), f.link ?? ''];
    case 'called':
      return [f.clinic, f.ticket, f.room ?? '-'];
    case 'next':
    case 'cancelled':
      return [f.clinic, f.ticket];
    case 'remind_day':
    case 'remind_hour':
      return [f.clinic, f.when ?? '-', f.link ?? '-'];
  }
}

/**
 * The Web Push payload the patient page's service worker receives (encrypted
 * in transit). `id` is the outbox id: a notification shown with it as tag is
 * replaced, not repeated, if a retry delivers the same message twice.
 */
export interface PushPayload {
  v: 1;
  id: string;
  kind: NotificationKind;
  text: string;
}

export function pushPayload(id: string, kind: NotificationKind, text: string): string {
  const p: PushPayload = { v: 1, id, kind, text };
  return JSON.stringify(p);
}
