// The booking page's words (ar/fr/en, one key set).
import { bindPageI18n } from '../i18n/context.tsx';
import { createPageI18n, type Language, type LanguageInfo } from '../i18n/core.ts';
import { publicFormatters, type PublicFormatters } from '../i18n/formats.ts';
import type { LoadError, SendError } from './api.ts';

export type FormError = SendError | 'name_required' | 'phone_required' | 'phone_invalid' | 'slot_required';

export interface BookMessages {
  appTitle: string;
  language: string;
  title: string;
  intro: string;
  doctor: string;
  doctorInRoom: (doctor: string, room: string) => string;
  slots: string;
  noSlots: string;
  chosen: (when: string) => string;
  name: string;
  phone: string;
  phoneHint: string;
  whatsappOptIn: string;
  submit: string;
  submitting: string;
  privacy: string;
  loading: string;
  retry: string;
  yourBooking: string;
  bookedFor: (name: string) => string;
  when: string;
  withDoctor: string;
  status: Record<'booked' | 'arrived' | 'no_show' | 'cancelled' | 'rescheduled', string>;
  keepLink: string;
  cancel: string;
  cancelConfirm: string;
  move: string;
  moveSubmit: string;
  back: string;
  bookAgain: string;
  load: Record<LoadError, { title: string; text: string }>;
  errors: Record<FormError, string>;
}

const fr: BookMessages = {
  appTitle: 'DoctorQ — Rendez-vous',
  language: 'Langue',
  title: 'Prendre rendez-vous',
  intro: 'Choisissez un médecin et un créneau libre, puis indiquez votre nom et votre téléphone.',
  doctor: 'Médecin',
  doctorInRoom: (doctor, room) => `${doctor} — salle ${room}`,
  slots: 'Créneaux libres',
  noSlots: 'Aucun créneau libre ces prochains jours. Appelez le cabinet.',
  chosen: (when) => `Créneau choisi : ${when}`,
  name: 'Nom et prénom',
  phone: 'Téléphone',
  phoneHint: 'Pour vous rappeler le rendez-vous la veille et une heure avant.',
  whatsappOptIn: 'Je préfère les rappels par WhatsApp',
  submit: 'Réserver',
  submitting: 'Envoi…',
  privacy: 'Votre nom et votre numéro ne sont vus que par l’équipe du cabinet.',
  loading: 'Chargement…',
  retry: 'Réessayer',
  yourBooking: 'Votre rendez-vous',
  bookedFor: (name) => `Au nom de ${name}`,
  when: 'Quand',
  withDoctor: 'Avec',
  status: {
    booked: 'Confirmé',
    arrived: 'Vous êtes arrivé',
    no_show: 'Manqué',
    cancelled: 'Annulé',
    rescheduled: 'Déplacé',
  },
  keepLink: 'Gardez ce lien : il permet d’annuler ou de déplacer votre rendez-vous.',
  cancel: 'Annuler le rendez-vous',
  cancelConfirm: 'Oui, annuler',
  move: 'Choisir un autre créneau',
  moveSubmit: 'Déplacer ici',
  back: 'Retour',
  bookAgain: 'Prendre un autre rendez-vous',
  load: {
    not_found: { title: 'Lien non valable', text: 'Ce lien ne correspond à aucun cabinet ni rendez-vous.' },
    booking_closed: { title: 'Pas de réservation en ligne', text: 'Ce cabinet ne prend pas de rendez-vous en ligne. Appelez-le.' },
    expired: { title: 'Ce lien a expiré', text: 'Le créneau de ce rendez-vous est passé.' },
    offline: { title: 'Pas de connexion', text: 'Vérifiez votre accès à Internet puis réessayez.' },
    server: { title: 'Un problème est survenu', text: 'Réessayez dans un moment.' },
  },
  errors: {
    name_required: 'Indiquez votre nom.',
    phone_required: 'Indiquez votre numéro de téléphone.',
    phone_invalid: 'Le numéro ne peut contenir que des chiffres, des espaces et + ( ) -.',
    slot_required: 'Choisissez un créneau.',
    slot_taken: 'Ce créneau vient d’être pris. Choisissez-en un autre.',
    not_a_slot: 'Ce créneau n’existe plus. Choisissez-en un autre.',
    too_many_bookings: 'Ce numéro a déjà deux rendez-vous à venir dans ce cabinet.',
    rate_limited: 'Trop de demandes en ce moment. Patientez une minute puis réessayez.',
    booking_closed: 'Ce cabinet ne prend plus de rendez-vous en ligne. Appelez-le.',
    not_allowed: 'Ce rendez-vous ne peut plus être changé.',
    invalid: 'Vérifiez votre nom et votre numéro de téléphone.',
    offline: 'Pas de connexion. Vérifiez votre accès à Internet puis réessayez.',
    server: 'Un problème est survenu. Réessayez.',
  },
};

const ar: BookMessages = {
  appTitle: 'DoctorQ — المواعيد',
  language: 'اللغة',
  title: 'احجز موعدًا',
  intro: 'اختر طبيبًا وموعدًا متاحًا، ثم اكتب اسمك ورقم هاتفك.',
  doctor: 'الطبيب',
  doctorInRoom: (doctor, room) => `${doctor} — القاعة ${room}`,
  slots: 'المواعيد المتاحة',
  noSlots: 'لا توجد مواعيد متاحة في الأيام القادمة. اتصل بالعيادة.',
  chosen: (when) => `الموعد المختار: ${when}`,
  name: 'الاسم واللقب',
  phone: 'الهاتف',
  phoneHint: 'لتذكيرك بالموعد في اليوم السابق وقبل ساعة.',
  whatsappOptIn: 'أفضّل التذكير عبر واتساب',
  submit: 'احجز',
  submitting: 'جارٍ الإرسال…',
  privacy: 'لا يرى اسمك ورقمك إلا فريق العيادة.',
  loading: 'جارٍ التحميل…',
  retry: 'إعادة المحاولة',
  yourBooking: 'موعدك',
  bookedFor: (name) => `باسم ${name}`,
  when: 'الوقت',
  withDoctor: 'مع',
  status: {
    booked: 'مؤكد',
    arrived: 'لقد وصلت',
    no_show: 'فائت',
    cancelled: 'ملغى',
    rescheduled: 'منقول',
  },
  keepLink: 'احتفظ بهذا الرابط: يمكنك به إلغاء موعدك أو تغييره.',
  cancel: 'إلغاء الموعد',
  cancelConfirm: 'نعم، ألغِ',
  move: 'اختر موعدًا آخر',
  moveSubmit: 'انقل إلى هنا',
  back: 'رجوع',
  bookAgain: 'احجز موعدًا آخر',
  load: {
    not_found: { title: 'رابط غير صالح', text: 'هذا الرابط لا يطابق أي عيادة أو موعد.' },
    booking_closed: { title: 'لا حجز عبر الإنترنت', text: 'هذه العيادة لا تقبل الحجز عبر الإنترنت. اتصل بها.' },
    expired: { title: 'انتهت صلاحية هذا الرابط', text: 'لقد مضى وقت هذا الموعد.' },
    offline: { title: 'لا يوجد اتصال', text: 'تحقق من الإنترنت ثم أعد المحاولة.' },
    server: { title: 'حدث خطأ', text: 'أعد المحاولة بعد قليل.' },
  },
  errors: {
    name_required: 'يرجى كتابة اسمك.',
    phone_required: 'يرجى كتابة رقم هاتفك.',
    phone_invalid: 'لا يمكن أن يحتوي الرقم إلا على أرقام ومسافات و + ( ) -.',
    slot_required: 'يرجى اختيار موعد.',
    slot_taken: 'حُجز هذا الموعد للتو. اختر موعدًا آخر.',
    not_a_slot: 'هذا الموعد لم يعد متاحًا. اختر موعدًا آخر.',
    too_many_bookings: 'لهذا الرقم موعدان قادمان في هذه العيادة.',
    rate_limited: 'طلبات كثيرة الآن. انتظر دقيقة ثم أعد المحاولة.',
    booking_closed: 'لم تعد هذه العيادة تقبل الحجز عبر الإنترنت. اتصل بها.',
    not_allowed: 'لم يعد ممكنًا تغيير هذا الموعد.',
    invalid: 'تحقق من اسمك ورقم هاتفك.',
    offline: 'لا يوجد اتصال. تحقق من الإنترنت ثم أعد المحاولة.',
    server: 'حدث خطأ. أعد المحاولة.',
  },
};

const en: BookMessages = {
  appTitle: 'DoctorQ — Appointments',
  language: 'Language',
  title: 'Book an appointment',
  intro: 'Choose a doctor and a free slot, then enter your name and phone number.',
  doctor: 'Doctor',
  doctorInRoom: (doctor, room) => `${doctor} — room ${room}`,
  slots: 'Free slots',
  noSlots: 'No free slot in the next days. Please call the clinic.',
  chosen: (when) => `Chosen slot: ${when}`,
  name: 'Full name',
  phone: 'Phone',
  phoneHint: 'To remind you the day before and an hour before.',
  whatsappOptIn: 'Remind me by WhatsApp instead',
  submit: 'Book',
  submitting: 'Sending…',
  privacy: 'Only the clinic staff see your name and number.',
  loading: 'Loading…',
  retry: 'Try again',
  yourBooking: 'Your appointment',
  bookedFor: (name) => `For ${name}`,
  when: 'When',
  withDoctor: 'With',
  status: {
    booked: 'Confirmed',
    arrived: 'You have arrived',
    no_show: 'Missed',
    cancelled: 'Cancelled',
    rescheduled: 'Moved',
  },
  keepLink: 'Keep this link: it lets you cancel or move your appointment.',
  cancel: 'Cancel the appointment',
  cancelConfirm: 'Yes, cancel',
  move: 'Choose another slot',
  moveSubmit: 'Move here',
  back: 'Back',
  bookAgain: 'Book another appointment',
  load: {
    not_found: { title: 'This link is not valid', text: 'This link matches no clinic or appointment.' },
    booking_closed: { title: 'No online booking', text: 'This clinic takes no appointments online. Please call it.' },
    expired: { title: 'This link has expired', text: 'The time of this appointment has passed.' },
    offline: { title: 'No connection', text: 'Check your internet access and try again.' },
    server: { title: 'Something went wrong', text: 'Please try again in a moment.' },
  },
  errors: {
    name_required: 'Please enter your name.',
    phone_required: 'Please enter your phone number.',
    phone_invalid: 'The phone number may contain only digits, spaces and + ( ) -.',
    slot_required: 'Please choose a slot.',
    slot_taken: 'This slot was just taken. Please choose another.',
    not_a_slot: 'This slot no longer exists. Please choose another.',
    too_many_bookings: 'This number already holds two upcoming appointments at this clinic.',
    rate_limited: 'Too many requests right now. Please wait a minute and try again.',
    booking_closed: 'This clinic no longer takes appointments online. Please call it.',
    not_allowed: 'This appointment can no longer be changed.',
    invalid: 'Please check your name and phone number.',
    offline: 'No connection. Check your internet access and try again.',
    server: 'Something went wrong. Please try again.',
  },
};

const DICTIONARIES: Record<Language, BookMessages> = { ar, fr, en };

export type BookI18n = LanguageInfo<BookMessages> & PublicFormatters;

const page = createPageI18n({ dictionaries: DICTIONARIES, formatters: publicFormatters });
export const { useI18n, useLanguage, I18nProvider, LanguageSwitch } = bindPageI18n<BookI18n>(page);
