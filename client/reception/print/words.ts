// The printed ticket's words, in each language: the ticket is printed in the
// patient's language, whatever the language the receptionist reads, so these
// are not the tablet's dictionaries (client/reception/i18n).
import { LOCALES, type Language } from '../../i18n/core.ts';
import { publicFormatters } from '../../i18n/formats.ts';

interface Words {
  anyDoctor: string;
  room: (room: string) => string;
  aheadLabel: string;
  nextInLine: string;
  etaLabel: string;
  etaSoon: string;
  /** Under the QR: what to do with it, and what to type without a camera. */
  scanToFollow: string;
  orTypeAt: string;
  clinicCode: string;
  ticketNumber: string;
  code: string;
  qrLabel: string;
}

const WORDS: Record<Language, Words> = {
  fr: {
    anyDoctor: 'Premier médecin disponible',
    room: (room) => `Salle ${room}`,
    aheadLabel: 'Patients avant vous',
    nextInLine: 'Vous êtes le prochain',
    etaLabel: 'Attente estimée',
    etaSoon: "D'un instant à l'autre",
    scanToFollow: 'Scannez pour suivre votre tour',
    orTypeAt: 'ou saisissez sur',
    clinicCode: 'Code du cabinet',
    ticketNumber: 'Ticket',
    code: 'Code',
    qrLabel: 'Code QR du lien de votre ticket',
  },
  ar: {
    anyDoctor: 'أول طبيب متاح',
    room: (room) => `القاعة ${room}`,
    aheadLabel: 'عدد المرضى قبلك',
    nextInLine: 'أنت التالي',
    etaLabel: 'مدة الانتظار المتوقعة',
    etaSoon: 'في أي لحظة الآن',
    scanToFollow: 'امسح الرمز لمتابعة دورك',
    orTypeAt: 'أو أدخل على',
    clinicCode: 'رمز العيادة',
    ticketNumber: 'التذكرة',
    code: 'الرمز',
    qrLabel: 'رمز QR لرابط تذكرتك',
  },
  en: {
    anyDoctor: 'First available doctor',
    room: (room) => `Room ${room}`,
    aheadLabel: 'Patients ahead of you',
    nextInLine: 'You are next',
    etaLabel: 'Estimated wait',
    etaSoon: 'Any moment now',
    scanToFollow: 'Scan to follow your place',
    orTypeAt: 'or type at',
    clinicCode: 'Clinic code',
    ticketNumber: 'Ticket',
    code: 'Code',
    qrLabel: "QR code of your ticket's link",
  },
};

/** The words and formatters of a ticket printed in `language`, dated in the clinic's zone. */
export function ticketWords(language: Language, timeZone: string) {
  const locale = LOCALES[language];
  const printedAt = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23', timeZone });
  return { ...WORDS[language], ...publicFormatters(locale), printedAt: (ms: number) => printedAt.format(ms) };
}
export type TicketWords = ReturnType<typeof ticketWords>;
