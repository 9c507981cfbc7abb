// The patient page's words, in its own small dictionaries (the reception's
// would triple this page's size). One key set: a missing key does not compile.
// Functions take values already formatted for the locale.
import { bindPageI18n } from '../i18n/context.tsx';
import { createPageI18n, type Language, type LanguageInfo } from '../i18n/core.ts';
import { publicFormatters, type PublicFormatters } from '../i18n/formats.ts';
import type { PatientStatus } from './view.ts';

export interface PatientMessages {
  appTitle: string;
  language: string;
  ticketLabel: string;
  status: Record<PatientStatus, string>;
  positionLabel: string;
  aheadLabel: string;
  etaLabel: string;
  etaSoon: string;
  etaNote: string;
  /** The patient's doctor is on a break: already counted in the wait shown. */
  doctorBackAt: (time: string) => string;
  doctorAbsent: string;
  nextBanner: string;
  calledBanner: (room: string) => string;
  calledNoRoom: string;
  room: (room: string) => string;
  inConsultationText: string;
  doneText: string;
  noShowText: string;
  cancelledText: string;
  unknownText: string;
  offline: (ago: string) => string;
  offlineJustNow: string;
  /** Offline with nothing saved yet. */
  offlineNoData: string;
  /** The page is live but the clinic's reception is not heard from: `ago` when it was last (null: never). */
  receptionQuiet: (ago: string | null) => string;
  connecting: string;
  expiredTitle: string;
  expiredText: string;
  invalidTitle: string;
  invalidText: string;
  noTicketTitle: string;
  noTicketText: string;
  notifyMe: string;
  notifyOn: string;
  notifyWorking: string;
  notifyDenied: string;
  notifyFailed: string;
  keepOpen: string;
  actionsLabel: string;
  /** The time, formatted. */
  lateUntil: (time: string) => string;
  expectedText: string;
  imHere: string;
  runningLate: string;
  lateQuestion: string;
  back: string;
  letPass: string;
  cancelVisit: string;
  cancelConfirmTitle: string;
  cancelConfirmText: string;
  cancelKeep: string;
  cancelConfirm: string;
  /** A refused or failed action, by the server's error code (or `offline`). */
  actionError: (code: string) => string;
}

const fr: PatientMessages = {
  appTitle: 'DoctorQ — mon ticket',
  language: 'Langue',
  ticketLabel: 'Votre ticket',
  status: {
    waiting: 'En attente',
    called: "C'est votre tour",
    in_consultation: 'En consultation',
    done: 'Visite terminée',
    no_show: 'Absent à l’appel',
    cancelled: 'Ticket annulé',
    expected: 'Signalez votre arrivée',
    not_seen: 'Non reçu aujourd’hui',
    unknown: 'Enregistrement en cours',
  },
  positionLabel: 'Position dans la file',
  aheadLabel: 'Patients avant vous',
  etaLabel: 'Attente estimée',
  etaSoon: "D'un instant à l'autre",
  etaNote: 'Estimation d’après les consultations du jour ; elle peut changer.',
  doctorBackAt: (time) => `Votre médecin est en pause, de retour à ${time} (compté dans l’attente).`,
  doctorAbsent: 'Votre médecin est absent aujourd’hui : la réception va vous orienter.',
  nextBanner: 'Prochain patient : c’est vous ! Restez près de la salle de consultation.',
  calledBanner: (room) => `C'est votre tour — présentez-vous salle ${room}`,
  calledNoRoom: "C'est votre tour — présentez-vous au médecin",
  room: (room) => `Salle ${room}`,
  inConsultationText: 'Votre consultation est en cours.',
  doneText: 'Votre visite est terminée. Prenez soin de vous !',
  noShowText: 'Vous avez été appelé(e) mais étiez absent(e). Présentez-vous à la réception.',
  cancelledText: 'Ce ticket a été annulé. Si c’est une erreur, adressez-vous à la réception.',
  unknownText:
    'Votre ticket est en cours d’enregistrement : la tablette de la réception ne s’est pas encore synchronisée. Cette page se met à jour toute seule.',
  offline: (ago) => `Hors ligne — dernière mise à jour ${ago}`,
  offlineJustNow: 'Hors ligne — mis à jour il y a moins d’une minute',
  offlineNoData: 'Hors ligne — en attente de connexion…',
  receptionQuiet: (ago) =>
    ago
      ? `Le cabinet est hors ligne : la file affichée peut avoir du retard (dernières nouvelles ${ago})`
      : 'Le cabinet est hors ligne : la file affichée peut avoir du retard',
  connecting: 'Connexion…',
  expiredTitle: 'Ce lien de ticket a expiré',
  expiredText: 'Un lien de ticket n’est valable que le jour de la visite. Demandez un nouveau ticket à la réception.',
  invalidTitle: 'Ce lien n’est pas valable',
  invalidText: 'Vérifiez le lien ou scannez de nouveau le QR code de votre ticket.',
  noTicketTitle: 'Aucun ticket sur ce téléphone',
  noTicketText: 'Scannez le QR code de votre ticket, ou enregistrez-vous à la réception.',
  notifyMe: 'Me prévenir quand c’est bientôt mon tour',
  notifyOn: 'Notifications activées',
  notifyWorking: 'Activation…',
  notifyDenied: 'Les notifications sont bloquées dans les réglages du navigateur.',
  notifyFailed: 'Impossible d’activer les notifications. Gardez plutôt cette page ouverte.',
  keepOpen: 'Cette page se met à jour toute seule.',
  actionsLabel: 'Vos options',
  lateUntil: (time) => `Vous êtes signalé en retard jusqu’à ${time} : d’autres passent avant vous, votre place est gardée.`,
  expectedText: 'Vous êtes inscrit. Dites-nous quand vous êtes arrivé au cabinet pour entrer dans la file.',
  imHere: 'Je suis arrivé',
  runningLate: 'Je suis en retard',
  lateQuestion: 'De combien de temps ?',
  back: 'Retour',
  letPass: 'Laisser passer le suivant',
  cancelVisit: 'Annuler ma visite',
  cancelConfirmTitle: 'Annuler votre visite ?',
  cancelConfirmText: 'Votre ticket sera annulé et vous quitterez la file. Cela ne peut pas être défait depuis ce téléphone.',
  cancelKeep: 'Non, garder mon ticket',
  cancelConfirm: 'Oui, annuler',
  actionError: (code) =>
    code === 'not_allowed'
      ? 'Ce n’est plus possible à ce stade de votre visite.'
      : code === 'last_in_queue'
        ? 'Personne n’attend derrière vous.'
        : code === 'rate_limited'
          ? 'Trop de demandes : réessayez dans une minute.'
          : code === 'offline'
            ? 'Pas de connexion : réessayez.'
            : 'Cela n’a pas fonctionné : réessayez.',
};

const ar: PatientMessages = {
  appTitle: 'DoctorQ — تذكرتي',
  language: 'اللغة',
  ticketLabel: 'تذكرتك',
  status: {
    waiting: 'في الانتظار',
    called: 'حان دورك',
    in_consultation: 'في الفحص',
    done: 'انتهت الزيارة',
    no_show: 'غائب عند المناداة',
    cancelled: 'تذكرة ملغاة',
    expected: 'أعلِمنا عند وصولك',
    not_seen: 'لم تتمّ المعاينة اليوم',
    unknown: 'قيد التسجيل',
  },
  positionLabel: 'ترتيبك في قائمة الانتظار',
  aheadLabel: 'عدد المرضى قبلك',
  etaLabel: 'مدة الانتظار المتوقعة',
  etaSoon: 'في أي لحظة الآن',
  etaNote: 'تقدير حسب فحوصات اليوم، وقد يتغير.',
  doctorBackAt: (time) => `طبيبك في استراحة، يعود على الساعة ${time} (محسوبة في مدة الانتظار).`,
  doctorAbsent: 'طبيبك غائب اليوم: سيوجهك الاستقبال.',
  nextBanner: 'أنت المريض التالي! يرجى البقاء قريبًا من قاعة الفحص.',
  calledBanner: (room) => `حان دورك — تفضل إلى القاعة ${room}`,
  calledNoRoom: 'حان دورك — تفضل إلى الطبيب',
  room: (room) => `القاعة ${room}`,
  inConsultationText: 'فحصك جارٍ الآن.',
  doneText: 'انتهت زيارتك. نتمنى لك الشفاء العاجل!',
  noShowText: 'تمت المناداة عليك ولم تكن حاضرًا. يرجى التوجه إلى الاستقبال.',
  cancelledText: 'أُلغيت هذه التذكرة. إذا كان ذلك خطأً، يرجى التوجه إلى الاستقبال.',
  unknownText: 'تذكرتك قيد التسجيل: لم يتزامن جهاز الاستقبال بعد. ستتحدث هذه الصفحة تلقائيًا.',
  offline: (ago) => `غير متصل — آخر تحديث ${ago}`,
  offlineJustNow: 'غير متصل — آخر تحديث قبل أقل من دقيقة',
  offlineNoData: 'غير متصل — في انتظار الاتصال…',
  receptionQuiet: (ago) =>
    ago
      ? `العيادة غير متصلة: قد تكون قائمة الانتظار المعروضة متأخرة (آخر اتصال ${ago})`
      : 'العيادة غير متصلة: قد تكون قائمة الانتظار المعروضة متأخرة',
  connecting: 'جارٍ الاتصال…',
  expiredTitle: 'انتهت صلاحية رابط التذكرة',
  expiredText: 'رابط التذكرة صالح يوم الزيارة فقط. اطلب تذكرة جديدة من الاستقبال.',
  invalidTitle: 'هذا الرابط غير صالح',
  invalidText: 'تحقق من الرابط أو امسح رمز QR الموجود على تذكرتك مرة أخرى.',
  noTicketTitle: 'لا توجد تذكرة على هذا الهاتف',
  noTicketText: 'امسح رمز QR الموجود على تذكرتك، أو سجّل حضورك لدى الاستقبال.',
  notifyMe: 'نبّهني عند اقتراب دوري',
  notifyOn: 'التنبيهات مفعّلة',
  notifyWorking: 'جارٍ التفعيل…',
  notifyDenied: 'التنبيهات محظورة في إعدادات المتصفح.',
  notifyFailed: 'تعذّر تفعيل التنبيهات. أبقِ هذه الصفحة مفتوحة بدلًا من ذلك.',
  keepOpen: 'تتحدث هذه الصفحة تلقائيًا.',
  actionsLabel: 'خياراتك',
  lateUntil: (time) => `أنت متأخر حتى ${time}: يُنادى غيرك قبلك، ومكانك محفوظ.`,
  expectedText: 'تم تسجيلك. أعلِمنا عند وصولك إلى العيادة لتدخل الطابور.',
  imHere: 'لقد وصلت',
  runningLate: 'سأتأخر',
  lateQuestion: 'كم ستتأخر؟',
  back: 'رجوع',
  letPass: 'دع التالي يتقدّم',
  cancelVisit: 'إلغاء زيارتي',
  cancelConfirmTitle: 'إلغاء زيارتك؟',
  cancelConfirmText: 'سيُلغى تذكرتك وتخرج من الطابور. لا يمكن التراجع عن ذلك من هذا الهاتف.',
  cancelKeep: 'لا، احتفظ بتذكرتي',
  cancelConfirm: 'نعم، ألغِ',
  actionError: (code) =>
    code === 'not_allowed'
      ? 'لم يعد ذلك ممكنًا في هذه المرحلة من زيارتك.'
      : code === 'last_in_queue'
        ? 'لا أحد ينتظر خلفك.'
        : code === 'rate_limited'
          ? 'طلبات كثيرة: أعد المحاولة بعد دقيقة.'
          : code === 'offline'
            ? 'لا يوجد اتصال: أعد المحاولة.'
            : 'لم ينجح ذلك: أعد المحاولة.',
};

const en: PatientMessages = {
  appTitle: 'DoctorQ — my ticket',
  language: 'Language',
  ticketLabel: 'Your ticket',
  status: {
    waiting: 'Waiting',
    called: "It's your turn",
    in_consultation: 'In consultation',
    done: 'Visit finished',
    no_show: 'Missed your call',
    cancelled: 'Ticket cancelled',
    expected: 'Tell us when you are here',
    not_seen: 'Not seen today',
    unknown: 'Being registered',
  },
  positionLabel: 'Position in the queue',
  aheadLabel: 'Patients ahead of you',
  etaLabel: 'Estimated wait',
  etaSoon: 'Any moment now',
  etaNote: "Estimated from today's consultations; it may change.",
  doctorBackAt: (time) => `Your doctor is on a break, back at ${time} (counted in the wait).`,
  doctorAbsent: 'Your doctor is absent today: the reception will direct you.',
  nextBanner: "You're next! Please stay close to the consultation room.",
  calledBanner: (room) => `It's your turn — please go to room ${room}`,
  calledNoRoom: "It's your turn — please go in to see the doctor",
  room: (room) => `Room ${room}`,
  inConsultationText: 'Your consultation is in progress.',
  doneText: 'Your visit is over. Take care!',
  noShowText: 'You were called but were not there. Please go to the reception.',
  cancelledText: 'This ticket was cancelled. If this is a mistake, please see the reception.',
  unknownText: 'Your ticket is being registered: the reception tablet has not synced yet. This page updates by itself.',
  offline: (ago) => `Offline — last updated ${ago}`,
  offlineJustNow: 'Offline — updated less than a minute ago',
  offlineNoData: 'Offline — waiting for a connection…',
  receptionQuiet: (ago) =>
    ago
      ? `The clinic is offline: the queue shown may be behind (last heard from ${ago})`
      : 'The clinic is offline: the queue shown may be behind',
  connecting: 'Connecting…',
  expiredTitle: 'This ticket link has expired',
  expiredText: 'A ticket link is valid on the day of the visit only. Ask the reception for a new ticket.',
  invalidTitle: 'This link is not valid',
  invalidText: 'Check the link, or scan the QR code on your ticket again.',
  noTicketTitle: 'No ticket on this phone',
  noTicketText: 'Scan the QR code on your ticket, or check in at the reception.',
  notifyMe: 'Notify me when my turn is near',
  notifyOn: 'Notifications on',
  notifyWorking: 'Turning on…',
  notifyDenied: "Notifications are blocked in this browser's settings.",
  notifyFailed: 'Notifications could not be turned on. Keep this page open instead.',
  keepOpen: 'This page updates by itself.',
  actionsLabel: 'Your options',
  lateUntil: (time) => `You are marked as running late until ${time}: others go before you, your place is kept.`,
  expectedText: 'You are checked in. Tell us when you are at the clinic to join the queue.',
  imHere: "I'm here",
  runningLate: "I'm running late",
  lateQuestion: 'How late?',
  back: 'Back',
  letPass: 'Let the next patient go first',
  cancelVisit: 'Cancel my visit',
  cancelConfirmTitle: 'Cancel your visit?',
  cancelConfirmText: 'Your ticket will be cancelled and you will leave the queue. This cannot be undone from this phone.',
  cancelKeep: 'No, keep my ticket',
  cancelConfirm: 'Yes, cancel',
  actionError: (code) =>
    code === 'not_allowed'
      ? 'This is no longer possible at this point of your visit.'
      : code === 'last_in_queue'
        ? 'Nobody is waiting behind you.'
        : code === 'rate_limited'
          ? 'Too many requests: try again in a minute.'
          : code === 'offline'
            ? 'No connection: try again.'
            : 'That did not work: try again.',
};

const DICTIONARIES: Record<Language, PatientMessages> = { ar, fr, en };

export type PatientI18n = LanguageInfo<PatientMessages> & PublicFormatters;

/** A patient's phone: the stored choice, else the phone's language, else French. */
const page = createPageI18n({ dictionaries: DICTIONARIES, formatters: publicFormatters });
export const { useI18n, useLanguage, I18nProvider, LanguageSwitch } = bindPageI18n<PatientI18n>(page);
