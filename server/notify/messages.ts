// What a patient's phone shows. A message names the clinic, the ticket and the
// room, nothing else: no patient name, no reason for the visit, no diagnosis.
// A lock screen or an SMS inbox is read by whoever holds the phone.
import type { Language } from '../../shared/schemas.ts';

export const NOTIFICATION_KINDS = ['next', 'called'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface MessageFacts {
  clinic: string;
  ticket: string;
  /** The called doctor's room, when the clinic gave one. */
  room: string | null;
}

type Texts = Record<NotificationKind, (f: MessageFacts) => string>;

const TEXTS: Record<Language, Texts> = {
  fr: {
    next: (f) => `${f.clinic} : ticket ${f.ticket}, c'est bientôt votre tour. Restez à proximité.`,
    called: (f) => `${f.clinic} : ticket ${f.ticket}, c'est votre tour.${f.room ? ` Présentez-vous salle ${f.room}.` : ''}`,
  },
  en: {
    next: (f) => `${f.clinic}: ticket ${f.ticket}, it is almost your turn. Please stay nearby.`,
    called: (f) => `${f.clinic}: ticket ${f.ticket}, it is your turn.${f.room ? ` Please go to room ${f.room}.` : ''}`,
  },
  ar: {
    next: (f) => `${f.clinic}: التذكرة ${f.ticket}، اقترب دورك. يرجى البقاء قريبًا.`,
    called: (f) => `${f.clinic}: التذكرة ${f.ticket}، حان دورك.${f.room ? ` يرجى التوجه إلى القاعة ${f.room}.` : ''}`,
  },
};

export function messageText(kind: NotificationKind, lang: Language, facts: MessageFacts): string {
  return TEXTS[lang][kind](facts);
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
