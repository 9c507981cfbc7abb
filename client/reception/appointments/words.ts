// The words of the desk's appointments (day and week views, booking, moving,
// cancelling, arrivals), in their own dictionary beside the reception's main one.
import type { Language } from '../../i18n/core.ts';
import type { AppointmentSource, AppointmentStatus } from '../../../shared/schemas.ts';

export interface AppointmentWords {
  queueTab: string;
  appointmentsTab: string;
  views: string;
  dayView: string;
  weekView: string;
  previousDay: string;
  nextDay: string;
  previousWeek: string;
  nextWeek: string;
  today: string;
  noBookableDoctor: string;
  noSlots: string;
  free: string;
  /** A free slot's button, for screen readers: "Book 09:30 with Dr X". */
  bookSlot: (time: string, doctor: string) => string;
  bookTitle: (time: string, doctor: string) => string;
  book: string;
  source: string;
  sources: Record<AppointmentSource, string>;
  statuses: Record<AppointmentStatus, string>;
  clash: string;
  changed: string;
  displaced: string;
  arrived: string;
  move: string;
  moveTitle: (name: string) => string;
  moveHint: string;
  cancelMove: string;
  cancelBooking: string;
  cancelConfirm: (name: string, time: string) => string;
  confirmCancel: string;
  /** Week view: booked of bookable slots. */
  bookedOf: (booked: string, slots: string) => string;
  expectedTitle: string;
  expectedHint: string;
  at: (time: string) => string;
}

export const APPOINTMENT_WORDS: Record<Language, AppointmentWords> = {
  ar: {
    queueTab: 'قائمة الانتظار',
    appointmentsTab: 'المواعيد',
    views: 'العرض',
    dayView: 'يوم',
    weekView: 'أسبوع',
    previousDay: 'اليوم السابق',
    nextDay: 'اليوم التالي',
    previousWeek: 'الأسبوع السابق',
    nextWeek: 'الأسبوع التالي',
    today: 'اليوم',
    noBookableDoctor: 'لا يقبل أي طبيب المواعيد. يضبط المالك ذلك في الإدارة.',
    noSlots: 'لا أوقات في هذا اليوم.',
    free: 'شاغر',
    bookSlot: (time, doctor) => `حجز ${time} مع ${doctor}`,
    bookTitle: (time, doctor) => `موعد ${time} مع ${doctor}`,
    book: 'حجز',
    source: 'طريقة الحجز',
    sources: { desk: 'في الاستقبال', phone: 'بالهاتف', online: 'عبر الإنترنت' },
    statuses: { booked: 'محجوز', arrived: 'وصل', no_show: 'لم يحضر', cancelled: 'ملغى', rescheduled: 'نُقل' },
    clash: 'هذا الوقت محجوز بالفعل. اختر وقتًا آخر.',
    changed: 'تغيّر هذا الموعد في الأثناء. أعد المحاولة.',
    displaced: 'حُجز مرتين على جهازين — انقل أحدهما',
    arrived: 'وصل',
    move: 'نقل',
    moveTitle: (name) => `نقل موعد ${name}: اختر وقتًا شاغرًا`,
    moveHint: 'اختر وقتًا شاغرًا في أي يوم أو لدى أي طبيب.',
    cancelMove: 'إلغاء النقل',
    cancelBooking: 'إلغاء الموعد',
    cancelConfirm: (name, time) => `إلغاء موعد ${name} على الساعة ${time}؟`,
    confirmCancel: 'نعم، إلغاء الموعد',
    bookedOf: (booked, slots) => `${booked} / ${slots}`,
    expectedTitle: 'مواعيد اليوم',
    expectedHint: 'عند وصول المريض: «وصل» يضعه في قائمة الانتظار حسب وقت موعده.',
    at: (time) => `على الساعة ${time}`,
  },
  fr: {
    queueTab: 'File d’attente',
    appointmentsTab: 'Rendez-vous',
    views: 'Affichage',
    dayView: 'Jour',
    weekView: 'Semaine',
    previousDay: 'Jour précédent',
    nextDay: 'Jour suivant',
    previousWeek: 'Semaine précédente',
    nextWeek: 'Semaine suivante',
    today: 'Aujourd’hui',
    noBookableDoctor: 'Aucun médecin ne prend de rendez-vous. Le titulaire le règle dans l’administration.',
    noSlots: 'Aucun créneau ce jour-là.',
    free: 'libre',
    bookSlot: (time, doctor) => `Réserver ${time} avec ${doctor}`,
    bookTitle: (time, doctor) => `Rendez-vous à ${time} avec ${doctor}`,
    book: 'Réserver',
    source: 'Pris',
    sources: { desk: 'à l’accueil', phone: 'par téléphone', online: 'en ligne' },
    statuses: { booked: 'réservé', arrived: 'arrivé', no_show: 'absent', cancelled: 'annulé', rescheduled: 'déplacé' },
    clash: 'Ce créneau est déjà pris. Choisissez-en un autre.',
    changed: 'Ce rendez-vous a changé entre-temps. Réessayez.',
    displaced: 'Réservé deux fois sur deux tablettes — déplacez-en un',
    arrived: 'Arrivé',
    move: 'Déplacer',
    moveTitle: (name) => `Déplacer le rendez-vous de ${name} : choisissez un créneau libre`,
    moveHint: 'Choisissez un créneau libre, n’importe quel jour ou médecin.',
    cancelMove: 'Ne pas déplacer',
    cancelBooking: 'Annuler le rendez-vous',
    cancelConfirm: (name, time) => `Annuler le rendez-vous de ${name} à ${time} ?`,
    confirmCancel: 'Oui, annuler le rendez-vous',
    bookedOf: (booked, slots) => `${booked} / ${slots}`,
    expectedTitle: 'Rendez-vous du jour',
    expectedHint: 'Quand le patient arrive : « Arrivé » le place dans la file selon l’heure de son créneau.',
    at: (time) => `à ${time}`,
  },
  en: {
    queueTab: 'Queue',
    appointmentsTab: 'Appointments',
    views: 'View',
    dayView: 'Day',
    weekView: 'Week',
    previousDay: 'Previous day',
    nextDay: 'Next day',
    previousWeek: 'Previous week',
    nextWeek: 'Next week',
    today: 'Today',
    noBookableDoctor: 'No doctor takes appointments. The owner sets this in Administration.',
    noSlots: 'No slots on this day.',
    free: 'free',
    bookSlot: (time, doctor) => `Book ${time} with ${doctor}`,
    bookTitle: (time, doctor) => `Appointment at ${time} with ${doctor}`,
    book: 'Book',
    source: 'Booked',
    sources: { desk: 'at the desk', phone: 'by phone', online: 'online' },
    statuses: { booked: 'booked', arrived: 'arrived', no_show: 'no-show', cancelled: 'cancelled', rescheduled: 'moved' },
    clash: 'This slot is already taken. Choose another one.',
    changed: 'This appointment changed meanwhile. Try again.',
    displaced: 'Double-booked on two tablets — move one',
    arrived: 'Arrived',
    move: 'Move',
    moveTitle: (name) => `Move ${name}'s appointment: choose a free slot`,
    moveHint: 'Choose a free slot, any day or doctor.',
    cancelMove: 'Don’t move',
    cancelBooking: 'Cancel the appointment',
    cancelConfirm: (name, time) => `Cancel ${name}'s appointment at ${time}?`,
    confirmCancel: 'Yes, cancel the appointment',
    bookedOf: (booked, slots) => `${booked} / ${slots}`,
    expectedTitle: 'Today’s appointments',
    expectedHint: 'When the patient comes in: “Arrived” puts them in the queue by their slot time.',
    at: (time) => `at ${time}`,
  },
};
