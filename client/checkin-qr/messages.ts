// The check-in poster's words. The button and its dialog follow the
// reception's language; the poster itself is printed in every language the
// clinic speaks, so it carries each one's instructions.
import type { Language } from '../../shared/schemas.ts';

export interface QrMessages {
  open: string;
  title: string;
  print: string;
  close: string;
  qrLabel: string;
  /** Printed under the code, in each of the clinic's languages. */
  heading: string;
  steps: [string, string, string];
}

export const QR_MESSAGES: Record<Language, QrMessages> = {
  fr: {
    open: 'QR d’enregistrement',
    title: 'Affiche d’enregistrement par QR code',
    print: 'Imprimer',
    close: 'Fermer',
    qrLabel: 'QR code d’enregistrement du cabinet',
    heading: 'Prenez votre ticket avec votre téléphone',
    steps: [
      'Scannez ce code avec l’appareil photo de votre téléphone.',
      'Indiquez votre nom (et votre numéro si vous le souhaitez).',
      'Suivez votre place dans la file sur votre téléphone.',
    ],
  },
  ar: {
    open: 'رمز QR للتسجيل',
    title: 'ملصق التسجيل برمز QR',
    print: 'طباعة',
    close: 'إغلاق',
    qrLabel: 'رمز QR لتسجيل الحضور في العيادة',
    heading: 'احصل على تذكرتك بهاتفك',
    steps: ['امسح هذا الرمز بكاميرا هاتفك.', 'اكتب اسمك (ورقم هاتفك إن شئت).', 'تابع دورك في قائمة الانتظار على هاتفك.'],
  },
  en: {
    open: 'Check-in QR',
    title: 'Check-in QR poster',
    print: 'Print',
    close: 'Close',
    qrLabel: 'The clinic’s check-in QR code',
    heading: 'Get your ticket with your phone',
    steps: [
      'Scan this code with your phone’s camera.',
      'Enter your name (and your number if you like).',
      'Follow your place in the queue on your phone.',
    ],
  },
};
