// The check-in form's words (ar/fr/en, one key set).
import { bindPageI18n } from '../i18n/context.tsx';
import { createPageI18n, type Language, type LanguageInfo } from '../i18n/core.ts';
import { publicFormatters, type PublicFormatters } from '../i18n/formats.ts';
import type { CheckinError } from './api.ts';

export type FormError = CheckinError | 'name_required' | 'phone_invalid';

export interface CheckinMessages {
  appTitle: string;
  language: string;
  title: string;
  intro: string;
  name: string;
  phone: string;
  phoneHint: string;
  whatsappOptIn: string;
  optional: string;
  doctor: string;
  anyDoctor: string;
  doctorInRoom: (doctor: string, room: string) => string;
  /** Before joining: how many wait for the chosen doctor, and the estimated wait. */
  queueNow: (waiting: string, wait: string) => string;
  /** The clinic's hours say it is closed; `when` is the next opening. */
  closedUntil: (when: string) => string;
  receptionQuiet: string;
  submit: string;
  submitting: string;
  privacy: string;
  loading: string;
  closedTitle: string;
  closedText: string;
  notFoundTitle: string;
  notFoundText: string;
  loadOffline: string;
  retry: string;
  existing: string;
  openTicket: string;
  errors: Record<FormError, string>;
}

const fr: CheckinMessages = {
  appTitle: 'DoctorQ — Enregistrement',
  language: 'Langue',
  title: 'Prendre un ticket',
  intro: 'Indiquez votre nom pour rejoindre la file. Vous suivrez ensuite votre place sur ce téléphone.',
  name: 'Nom et prénom',
  phone: 'Téléphone',
  phoneHint: 'Pour vous prévenir par SMS quand votre tour approche.',
  whatsappOptIn: 'Je préfère être prévenu par WhatsApp',
  optional: 'facultatif',
  doctor: 'Médecin',
  anyDoctor: 'Le premier médecin disponible',
  doctorInRoom: (doctor, room) => `${doctor} — salle ${room}`,
  queueNow: (waiting, wait) => `En attente : ${waiting} · attente estimée ${wait}`,
  closedUntil: (when) => `Le cabinet est fermé pour le moment. Ouverture : ${when}.`,
  receptionQuiet: 'Le cabinet est hors ligne : le nombre de patients en attente peut avoir du retard.',
  submit: 'Prendre mon ticket',
  submitting: 'Envoi…',
  privacy: 'Votre nom n’est vu que par l’équipe du cabinet, jamais sur l’écran de la salle d’attente.',
  loading: 'Chargement…',
  closedTitle: 'L’enregistrement en ligne est fermé',
  closedText: 'Merci de vous adresser à la réception.',
  notFoundTitle: 'Ce code n’est pas valable',
  notFoundText: 'Ce QR code ne correspond à aucun cabinet. Adressez-vous à la réception.',
  loadOffline: 'Pas de connexion. Vérifiez votre accès à Internet puis réessayez.',
  retry: 'Réessayer',
  existing: 'Vous avez déjà un ticket aujourd’hui sur ce téléphone.',
  openTicket: 'Voir mon ticket',
  errors: {
    name_required: 'Indiquez votre nom.',
    phone_invalid: 'Le numéro ne peut contenir que des chiffres, des espaces et + ( ) -.',
    rate_limited: 'Trop d’enregistrements en ce moment. Patientez une minute puis réessayez.',
    checkin_closed: 'L’enregistrement en ligne vient d’être fermé. Adressez-vous à la réception.',
    clinic_closed: 'Le cabinet est fermé : l’enregistrement à distance ouvre avec lui. Sur place, scannez le code affiché à la réception.',
    unknown_doctor: 'Ce médecin n’est plus disponible. Choisissez de nouveau.',
    invalid: 'Vérifiez votre nom et votre numéro de téléphone.',
    not_found: 'Ce cabinet est introuvable. Adressez-vous à la réception.',
    offline: 'Pas de connexion. Vérifiez votre accès à Internet puis réessayez.',
    server: 'Un problème est survenu. Réessayez.',
  },
};

const ar: CheckinMessages = {
  appTitle: 'DoctorQ — تسجيل الحضور',
  language: 'اللغة',
  title: 'احصل على تذكرة',
  intro: 'اكتب اسمك للانضمام إلى قائمة الانتظار، ثم تابع دورك على هذا الهاتف.',
  name: 'الاسم واللقب',
  phone: 'الهاتف',
  phoneHint: 'لننبّهك برسالة قصيرة عند اقتراب دورك.',
  whatsappOptIn: 'أفضّل التنبيه عبر واتساب',
  optional: 'اختياري',
  doctor: 'الطبيب',
  anyDoctor: 'أول طبيب متاح',
  doctorInRoom: (doctor, room) => `${doctor} — القاعة ${room}`,
  queueNow: (waiting, wait) => `في الانتظار: ${waiting} · الانتظار المتوقع ${wait}`,
  closedUntil: (when) => `العيادة مغلقة حاليًا. موعد الفتح: ${when}.`,
  receptionQuiet: 'العيادة غير متصلة: قد يكون عدد المنتظرين المعروض متأخرًا.',
  submit: 'احصل على تذكرتي',
  submitting: 'جارٍ الإرسال…',
  privacy: 'لا يرى اسمك إلا فريق العيادة، ولا يظهر أبدًا على شاشة قاعة الانتظار.',
  loading: 'جارٍ التحميل…',
  closedTitle: 'التسجيل عبر الهاتف مغلق',
  closedText: 'يرجى التوجه إلى الاستقبال.',
  notFoundTitle: 'هذا الرمز غير صالح',
  notFoundText: 'رمز QR هذا لا يطابق أي عيادة. يرجى التوجه إلى الاستقبال.',
  loadOffline: 'لا يوجد اتصال. تحقق من الإنترنت ثم أعد المحاولة.',
  retry: 'إعادة المحاولة',
  existing: 'لديك تذكرة اليوم على هذا الهاتف.',
  openTicket: 'عرض تذكرتي',
  errors: {
    name_required: 'يرجى كتابة اسمك.',
    phone_invalid: 'لا يمكن أن يحتوي الرقم إلا على أرقام ومسافات و + ( ) -.',
    rate_limited: 'عدد كبير من التسجيلات الآن. انتظر دقيقة ثم أعد المحاولة.',
    checkin_closed: 'أُغلق التسجيل عبر الهاتف للتو. يرجى التوجه إلى الاستقبال.',
    clinic_closed: 'العيادة مغلقة: التسجيل عن بُعد يفتح مع فتحها. في العيادة، امسح الرمز المعروض في الاستقبال.',
    unknown_doctor: 'هذا الطبيب لم يعد متاحًا. يرجى الاختيار من جديد.',
    invalid: 'تحقق من اسمك ورقم هاتفك.',
    not_found: 'لم يتم العثور على هذه العيادة. يرجى التوجه إلى الاستقبال.',
    offline: 'لا يوجد اتصال. تحقق من الإنترنت ثم أعد المحاولة.',
    server: 'حدث خطأ. أعد المحاولة.',
  },
};

const en: CheckinMessages = {
  appTitle: 'DoctorQ — Check in',
  language: 'Language',
  title: 'Get a ticket',
  intro: "Enter your name to join the queue. You'll follow your place on this phone.",
  name: 'Full name',
  phone: 'Phone',
  phoneHint: 'To text you when your turn is near.',
  whatsappOptIn: 'Tell me by WhatsApp instead',
  optional: 'optional',
  doctor: 'Doctor',
  anyDoctor: 'First available doctor',
  doctorInRoom: (doctor, room) => `${doctor} — room ${room}`,
  queueNow: (waiting, wait) => `Waiting: ${waiting} · estimated wait ${wait}`,
  closedUntil: (when) => `The clinic is closed for now. It opens ${when}.`,
  receptionQuiet: 'The clinic is offline: the number waiting may be behind.',
  submit: 'Get my ticket',
  submitting: 'Sending…',
  privacy: 'Only the clinic staff see your name; it never appears on the waiting-room screen.',
  loading: 'Loading…',
  closedTitle: 'Self check-in is closed',
  closedText: 'Please go to the reception desk.',
  notFoundTitle: 'This code is not valid',
  notFoundText: 'This QR code does not match any clinic. Please ask at the reception.',
  loadOffline: 'No connection. Check your internet access and try again.',
  retry: 'Try again',
  existing: 'You already have a ticket today on this phone.',
  openTicket: 'Open my ticket',
  errors: {
    name_required: 'Please enter your name.',
    phone_invalid: 'The phone number may contain only digits, spaces and + ( ) -.',
    rate_limited: 'Too many check-ins right now. Please wait a minute and try again.',
    checkin_closed: 'Self check-in was just closed. Please go to the reception desk.',
    clinic_closed: 'The clinic is closed: checking in from afar opens with it. At the clinic, scan the code shown at the reception.',
    unknown_doctor: 'This doctor is no longer available. Please choose again.',
    invalid: 'Please check your name and phone number.',
    not_found: 'This clinic could not be found. Please ask at the reception.',
    offline: 'No connection. Check your internet access and try again.',
    server: 'Something went wrong. Please try again.',
  },
};

const DICTIONARIES: Record<Language, CheckinMessages> = { ar, fr, en };

export type CheckinI18n = LanguageInfo<CheckinMessages> & PublicFormatters;

/** A patient's phone: the stored choice, else the phone's language, else the clinic's first. */
const page = createPageI18n({ dictionaries: DICTIONARIES, formatters: publicFormatters });
export const { useI18n, useLanguage, I18nProvider, LanguageSwitch } = bindPageI18n<CheckinI18n>(page);
