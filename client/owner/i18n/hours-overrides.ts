// The words of the hours' date overrides (holidays, Ramadan hours) and of the
// day's automatic close, in their own dictionary beside the owner's main one.
import type { Language } from '../../i18n/core.ts';

export interface OverrideWords {
  title: string;
  intro: string;
  from: string;
  to: string;
  closedAllDay: string;
  opens: string;
  closes: string;
  add: string;
  remove: string;
  errDates: string;
  closeAfter: string;
  closeAfterHint: string;
  closeByHandOnly: string;
}

export const OVERRIDE_WORDS: Record<Language, OverrideWords> = {
  ar: {
    title: 'أيام خاصة',
    intro: 'العطل وأوقات رمضان: تحل محل الأوقات الأسبوعية في هذه التواريخ.',
    from: 'من',
    to: 'إلى',
    closedAllDay: 'مغلق طوال اليوم',
    opens: 'يفتح',
    closes: 'يغلق',
    add: 'إضافة أيام خاصة',
    remove: 'حذف',
    errDates: 'تاريخ البداية يجب أن يسبق تاريخ النهاية، لمدة 62 يومًا على الأكثر.',
    closeAfter: 'إغلاق اليوم تلقائيًا بعد آخر موعد إغلاق (دقائق)',
    closeAfterHint: 'المرضى الذين ما زالوا ينتظرون يصبحون «لم تتم رؤيتهم» وتنتهي الاستشارات المفتوحة.',
    closeByHandOnly: 'يدويًا فقط',
  },
  fr: {
    title: 'Jours particuliers',
    intro: 'Jours fériés, horaires du Ramadan : ils remplacent les horaires de la semaine à ces dates.',
    from: 'Du',
    to: 'au',
    closedAllDay: 'Fermé toute la journée',
    opens: 'Ouvre à',
    closes: 'Ferme à',
    add: 'Ajouter des jours particuliers',
    remove: 'Supprimer',
    errDates: 'La date de début doit précéder la date de fin, sur 62 jours au plus.',
    closeAfter: 'Clôturer la journée automatiquement après la dernière fermeture (minutes)',
    closeAfterHint: 'Les patients qui attendent encore deviennent « non vus » et les consultations ouvertes sont terminées.',
    closeByHandOnly: 'À la main seulement',
  },
  en: {
    title: 'Special days',
    intro: 'Holidays, Ramadan hours: they replace the weekly hours on those dates.',
    from: 'From',
    to: 'to',
    closedAllDay: 'Closed all day',
    opens: 'Opens',
    closes: 'Closes',
    add: 'Add special days',
    remove: 'Remove',
    errDates: 'The start must not be after the end, 62 days at most.',
    closeAfter: 'Close the day by itself after the last closing time (minutes)',
    closeAfterHint: 'Patients still waiting become "not seen" and open consultations are ended.',
    closeByHandOnly: 'By hand only',
  },
};
