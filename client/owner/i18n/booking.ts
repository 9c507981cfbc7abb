// The words of the appointment settings (the clinic's booking rules and each
// doctor's bookable schedule), in their own dictionary beside the owner's main one.
import type { Language } from '../../i18n/core.ts';

export interface BookingWords {
  title: string;
  intro: string;
  rulesTitle: string;
  online: string;
  onlineHint: string;
  daysAhead: string;
  earlyMinutes: string;
  lateMinutes: string;
  windowHint: string;
  lateAs: string;
  lateAsWalkIn: string;
  lateAsSlot: string;
  reminders: string;
  doctorsTitle: string;
  takesAppointments: string;
  slotMinutes: string;
  breaks: string;
  breakFrom: string;
  breakTo: string;
  addBreak: string;
  removeBreak: string;
  daysOff: string;
  noDoctors: string;
}

export const BOOKING_WORDS: Record<Language, BookingWords> = {
  ar: {
    title: 'المواعيد',
    intro: 'المواعيد تدخل نفس قائمة الانتظار: المريض الذي يصل في الوقت يُوضع حسب وقت موعده بين الحاضرين دون موعد.',
    rulesTitle: 'قواعد العيادة',
    online: 'الحجز عبر الإنترنت',
    onlineHint: 'صفحة عامة يحجز منها المرضى الأوقات الشاغرة.',
    daysAhead: 'عدد الأيام المعروضة مسبقًا',
    earlyMinutes: 'دقائق قبل الموعد',
    lateMinutes: 'دقائق بعد الموعد',
    windowHint: 'من يصل داخل هذه الفترة يُوضع حسب وقت موعده.',
    lateAs: 'المريض المتأخر أكثر',
    lateAsWalkIn: 'يُعامل كمريض دون موعد',
    lateAsSlot: 'يُوضع حسب وقت موعده',
    reminders: 'تذكير قبل يوم وقبل ساعة',
    doctorsTitle: 'جداول الأطباء',
    takesAppointments: 'يقبل المواعيد',
    slotMinutes: 'مدة الموعد (دقائق)',
    breaks: 'الاستراحات',
    breakFrom: 'من',
    breakTo: 'إلى',
    addBreak: 'إضافة استراحة',
    removeBreak: 'حذف الاستراحة',
    daysOff: 'أيام دون مواعيد',
    noDoctors: 'لا يوجد أطباء بعد.',
  },
  fr: {
    title: 'Rendez-vous',
    intro:
      "Les rendez-vous rejoignent la même file : un patient qui arrive à l'heure est placé selon l'heure de son créneau parmi les patients sans rendez-vous.",
    rulesTitle: 'Règles du cabinet',
    online: 'Prise de rendez-vous en ligne',
    onlineHint: 'Une page publique où les patients réservent les créneaux libres.',
    daysAhead: 'Jours proposés à l’avance',
    earlyMinutes: 'Minutes avant le créneau',
    lateMinutes: 'Minutes après le créneau',
    windowHint: 'Un patient arrivé dans cette fenêtre est placé selon l’heure de son créneau.',
    lateAs: 'Patient plus en retard',
    lateAsWalkIn: 'traité comme un patient sans rendez-vous',
    lateAsSlot: 'placé selon son créneau',
    reminders: 'Rappels la veille et une heure avant',
    doctorsTitle: 'Agenda des médecins',
    takesAppointments: 'Prend des rendez-vous',
    slotMinutes: 'Durée d’un créneau (minutes)',
    breaks: 'Pauses',
    breakFrom: 'De',
    breakTo: 'À',
    addBreak: 'Ajouter une pause',
    removeBreak: 'Retirer la pause',
    daysOff: 'Jours sans rendez-vous',
    noDoctors: 'Aucun médecin pour l’instant.',
  },
  en: {
    title: 'Appointments',
    intro: 'Appointments join the same queue: a patient who arrives on time is placed by their slot time among the walk-ins.',
    rulesTitle: 'Clinic rules',
    online: 'Online booking',
    onlineHint: 'A public page where patients book free slots.',
    daysAhead: 'Days offered ahead',
    earlyMinutes: 'Minutes before the slot',
    lateMinutes: 'Minutes after the slot',
    windowHint: 'A patient arriving inside this window is placed by their slot time.',
    lateAs: 'A patient later than that',
    lateAsWalkIn: 'is treated as a walk-in',
    lateAsSlot: 'is placed by their slot',
    reminders: 'Reminders the day before and an hour before',
    doctorsTitle: 'Doctors’ schedules',
    takesAppointments: 'Takes appointments',
    slotMinutes: 'Slot length (minutes)',
    breaks: 'Breaks',
    breakFrom: 'From',
    breakTo: 'To',
    addBreak: 'Add a break',
    removeBreak: 'Remove the break',
    daysOff: 'Days without appointments',
    noDoctors: 'No doctors yet.',
  },
};
