// The words of the day's close and of returning-patient suggestions, in their
// own dictionary: the reception's main one (messages.ts) stays as it was.
import type { Language } from '../../i18n/core.ts';

export interface DayCloseWords {
  closeDay: string;
  closeTitle: string;
  closeIntro: string;
  notSeen: string;
  carryOver: string;
  confirmClose: string;
  cancel: string;
  summaryTitle: (day: string) => string;
  visits: string;
  seen: string;
  noShows: string;
  notSeenCount: string;
  cancelled: string;
  medianWait: string;
  longestWait: string;
  doctor: string;
  anyDoctor: string;
  done: string;
  none: string;
  closeFailed: string;
  returningTitle: string;
  returningCounts: (visits: string, noShows: string) => string;
}

export const DAY_CLOSE_WORDS: Record<Language, DayCloseWords> = {
  ar: {
    closeDay: 'إغلاق اليوم',
    closeTitle: 'إغلاق اليوم؟',
    closeIntro: 'تنتهي الاستشارات المفتوحة. المرضى الذين ما زالوا ينتظرون:',
    notSeen: 'لم تتم رؤيتهم',
    carryOver: 'يُنقلون إلى يوم العمل التالي',
    confirmClose: 'أغلق اليوم',
    cancel: 'رجوع',
    summaryTitle: (day) => `ملخص يوم ${day}`,
    visits: 'الزيارات',
    seen: 'تمت رؤيتهم',
    noShows: 'الغائبون',
    notSeenCount: 'لم تتم رؤيتهم',
    cancelled: 'الملغاة',
    medianWait: 'الانتظار الوسيط',
    longestWait: 'أطول انتظار',
    doctor: 'الطبيب',
    anyDoctor: 'أي طبيب',
    done: 'تم',
    none: '—',
    closeFailed: 'تعذر إغلاق اليوم على هذا الجهاز. حاول مرة أخرى.',
    returningTitle: 'مرضى سبقت رؤيتهم',
    returningCounts: (visits, noShows) => `${visits} زيارة، ${noShows} غياب`,
  },
  fr: {
    closeDay: 'Clôturer la journée',
    closeTitle: 'Clôturer la journée ?',
    closeIntro: 'Les consultations ouvertes sont terminées. Les patients qui attendent encore :',
    notSeen: 'non vus',
    carryOver: 'reportés au prochain jour ouvré',
    confirmClose: 'Clôturer',
    cancel: 'Retour',
    summaryTitle: (day) => `Bilan du ${day}`,
    visits: 'Visites',
    seen: 'Vus',
    noShows: 'Absents',
    notSeenCount: 'Non vus',
    cancelled: 'Annulés',
    medianWait: 'Attente médiane',
    longestWait: 'Attente la plus longue',
    doctor: 'Médecin',
    anyDoctor: 'Tout médecin',
    done: 'Terminé',
    none: '—',
    closeFailed: "La journée n'a pas pu être clôturée sur cette tablette. Réessayez.",
    returningTitle: 'Déjà venus',
    returningCounts: (visits, noShows) => `${visits} visite(s), ${noShows} absence(s)`,
  },
  en: {
    closeDay: 'Close the day',
    closeTitle: 'Close the day?',
    closeIntro: 'Open consultations are ended. Patients still waiting:',
    notSeen: 'not seen',
    carryOver: 'carried over to the next working day',
    confirmClose: 'Close the day',
    cancel: 'Back',
    summaryTitle: (day) => `Summary of ${day}`,
    visits: 'Visits',
    seen: 'Seen',
    noShows: 'No-shows',
    notSeenCount: 'Not seen',
    cancelled: 'Cancelled',
    medianWait: 'Median wait',
    longestWait: 'Longest wait',
    doctor: 'Doctor',
    anyDoctor: 'Any doctor',
    done: 'Done',
    none: '—',
    closeFailed: 'The day could not be closed on this tablet. Try again.',
    returningTitle: 'Seen before',
    returningCounts: (visits, noShows) => `${visits} visit(s), ${noShows} no-show(s)`,
  },
};
