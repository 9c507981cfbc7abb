// The waiting-room screen's words (ar/fr/en, one key set), and what it says
// aloud when a ticket is called.
import { bindPageI18n } from '../i18n/context.tsx';
import { createPageI18n, type Language, type LanguageInfo } from '../i18n/core.ts';
import { publicFormatters, type PublicFormatters } from '../i18n/formats.ts';
import type { SignInError } from '../ui/staff-session.ts';

export interface DisplayMessages {
  appTitle: string;
  language: string;
  signInTitle: string;
  signInIntro: string;
  email: string;
  password: string;
  deviceName: string;
  deviceNameDefault: string;
  signIn: string;
  signingIn: string;
  errors: Record<SignInError, string>;
  nowServing: string;
  next: string;
  room: (room: string) => string;
  called: string;
  inConsultation: string;
  nobodyServing: string;
  emptyQueue: string;
  /** A doctor's break: "Dr Amira back at 11:30". */
  backAt: (doctor: string, time: string) => string;
  absentToday: (doctor: string) => string;
  /** The last line of a list that does not fit the screen. */
  more: (n: string) => string;
  startSound: string;
  soundOn: string;
  voice: string;
  offline: (ago: string) => string;
  offlineJustNow: string;
  offlineNoData: string;
  /** The page is live but the clinic's reception is not heard from: `ago` when it was last (null: never). */
  receptionQuiet: (ago: string | null) => string;
  revokedTitle: string;
  revokedText: string;
  signInAgain: string;
  signOut: string;
  signOutConfirm: string;
  /** Said aloud: "Ticket A 12, room 2". The ticket comes spelled for speech. */
  spoken: (ticket: string, room: string | null) => string;
}

const fr: DisplayMessages = {
  appTitle: 'DoctorQ — Salle d’attente',
  language: 'Langue',
  signInTitle: 'Connecter cet écran',
  signInIntro:
    'Connectez-vous une fois avec un compte propriétaire ou réception. L’écran affiche ensuite la file : les tickets seulement, jamais les noms.',
  email: 'E-mail',
  password: 'Mot de passe',
  deviceName: 'Nom de l’écran',
  deviceNameDefault: 'Écran salle d’attente',
  signIn: 'Se connecter',
  signingIn: 'Connexion…',
  errors: {
    bad_credentials: 'E-mail ou mot de passe incorrect.',
    rate_limited: 'Trop de tentatives. Réessayez dans une minute.',
    offline: 'Pas de connexion. La première connexion demande Internet.',
    device_not_allowed: 'Ce compte ne peut pas connecter un écran.',
    no_clinic: "Ce compte n'a accès à aucun cabinet.",
    choose_clinic:
      'Ce compte appartient à plusieurs cabinets : connectez cet écran avec un code créé dans l’espace du titulaire, pour le cabinet voulu.',
    plan_limit: "L'abonnement du cabinet ne permet pas d'appareil de plus.",
    clinic_suspended: "L'abonnement du cabinet est suspendu : aucun nouvel appareil.",
    email_unverified: "Le propriétaire du cabinet doit d'abord vérifier son adresse e-mail.",
    server: 'Le serveur ne répond pas correctement. Réessayez.',
    clinic_account_closed: 'Ce cabinet a été fermé par son propriétaire : on ne peut plus s’y connecter.',
  },
  nowServing: 'Appelés',
  next: 'Prochains',
  room: (room) => `Salle ${room}`,
  called: 'Présentez-vous',
  inConsultation: 'En consultation',
  nobodyServing: 'Aucun appel pour le moment',
  emptyQueue: 'Personne en attente',
  backAt: (doctor, time) => `${doctor} : de retour à ${time}`,
  absentToday: (doctor) => `${doctor} : absent aujourd’hui`,
  more: (n) => `+${n} autres`,
  startSound: 'Activer le son',
  soundOn: 'Son activé',
  voice: 'Annonce vocale',
  offline: (ago) => `Hors ligne — mis à jour ${ago}`,
  offlineJustNow: 'Hors ligne — mis à jour il y a moins d’une minute',
  offlineNoData: 'Hors ligne — en attente de connexion…',
  receptionQuiet: (ago) =>
    ago
      ? `Le cabinet est hors ligne : la file affichée peut avoir du retard (dernières nouvelles ${ago})`
      : 'Le cabinet est hors ligne : la file affichée peut avoir du retard',
  revokedTitle: 'Cet écran a été déconnecté',
  revokedText: 'Le cabinet a retiré cet écran, ou sa connexion a pris fin. Connectez-le de nouveau pour afficher la file.',
  signInAgain: 'Se reconnecter',
  signOut: 'Déconnecter l’écran',
  signOutConfirm: 'Déconnecter cet écran ? Il faudra se reconnecter pour afficher la file.',
  spoken: (ticket, room) => (room ? `Ticket ${ticket}, salle ${room}` : `Ticket ${ticket}`),
};

const ar: DisplayMessages = {
  appTitle: 'DoctorQ — قاعة الانتظار',
  language: 'اللغة',
  signInTitle: 'ربط هذه الشاشة',
  signInIntro: 'سجّل الدخول مرة واحدة بحساب المالك أو الاستقبال. تعرض الشاشة بعد ذلك قائمة الانتظار: أرقام التذاكر فقط، دون أي أسماء.',
  email: 'البريد الإلكتروني',
  password: 'كلمة المرور',
  deviceName: 'اسم الشاشة',
  deviceNameDefault: 'شاشة قاعة الانتظار',
  signIn: 'تسجيل الدخول',
  signingIn: 'جارٍ تسجيل الدخول…',
  errors: {
    bad_credentials: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.',
    rate_limited: 'محاولات كثيرة. أعد المحاولة بعد دقيقة.',
    offline: 'لا يوجد اتصال. يتطلب تسجيل الدخول الأول الاتصال بالإنترنت.',
    device_not_allowed: 'لا يمكن لهذا الحساب ربط شاشة.',
    no_clinic: 'لا يملك هذا الحساب صلاحية الوصول إلى أي عيادة.',
    choose_clinic: 'ينتمي هذا الحساب إلى عدة عيادات: اربط هذه الشاشة برمز يُنشأ في مساحة المالك للعيادة المطلوبة.',
    plan_limit: 'اشتراك العيادة لا يسمح بجهاز إضافي.',
    clinic_suspended: 'اشتراك العيادة موقوف: لا يمكن ربط أجهزة جديدة.',
    email_unverified: 'يجب على صاحب العيادة أولاً تأكيد بريده الإلكتروني.',
    server: 'الخادم لا يستجيب بشكل صحيح. أعد المحاولة.',
    clinic_account_closed: 'أغلق صاحب العيادة هذه العيادة: لم يعد الدخول إليها ممكنًا.',
  },
  nowServing: 'الدور الآن',
  next: 'التالي',
  room: (room) => `القاعة ${room}`,
  called: 'تفضل',
  inConsultation: 'في الفحص',
  nobodyServing: 'لا توجد مناداة حاليًا',
  emptyQueue: 'لا أحد في الانتظار',
  backAt: (doctor, time) => `${doctor}: يعود على الساعة ${time}`,
  absentToday: (doctor) => `${doctor}: غائب اليوم`,
  more: (n) => `و${n} آخرون`,
  startSound: 'تشغيل الصوت',
  soundOn: 'الصوت مفعّل',
  voice: 'النداء الصوتي',
  offline: (ago) => `غير متصل — آخر تحديث ${ago}`,
  offlineJustNow: 'غير متصل — آخر تحديث قبل أقل من دقيقة',
  offlineNoData: 'غير متصل — في انتظار الاتصال…',
  receptionQuiet: (ago) =>
    ago
      ? `العيادة غير متصلة: قد تكون قائمة الانتظار المعروضة متأخرة (آخر اتصال ${ago})`
      : 'العيادة غير متصلة: قد تكون قائمة الانتظار المعروضة متأخرة',
  revokedTitle: 'تم فصل هذه الشاشة',
  revokedText: 'أزالت العيادة هذه الشاشة أو انتهت جلستها. سجّل الدخول من جديد لعرض قائمة الانتظار.',
  signInAgain: 'تسجيل الدخول من جديد',
  signOut: 'فصل الشاشة',
  signOutConfirm: 'فصل هذه الشاشة؟ سيلزم تسجيل الدخول من جديد لعرض قائمة الانتظار.',
  spoken: (ticket, room) => (room ? `التذكرة ${ticket}، القاعة ${room}` : `التذكرة ${ticket}`),
};

const en: DisplayMessages = {
  appTitle: 'DoctorQ — Waiting room',
  language: 'Language',
  signInTitle: 'Connect this screen',
  signInIntro: 'Sign in once with an owner or reception account. The screen then shows the queue: ticket numbers only, never names.',
  email: 'Email',
  password: 'Password',
  deviceName: 'Screen name',
  deviceNameDefault: 'Waiting room screen',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  errors: {
    bad_credentials: 'Wrong email or password.',
    rate_limited: 'Too many attempts. Try again in a minute.',
    offline: 'No connection. The first sign-in needs the internet.',
    device_not_allowed: 'This account cannot connect a screen.',
    no_clinic: 'This account has access to no clinic.',
    choose_clinic:
      'This account belongs to several clinics: connect this screen with a code made in the owner area for the clinic it is for.',
    plan_limit: "The clinic's plan allows no more devices.",
    clinic_suspended: "The clinic's subscription is suspended: no new devices.",
    email_unverified: 'The clinic owner must first verify their email address.',
    server: 'The server is not answering properly. Try again.',
    clinic_account_closed: 'This clinic was closed by its owner: it can no longer be signed in to.',
  },
  nowServing: 'Now serving',
  next: 'Next',
  room: (room) => `Room ${room}`,
  called: 'Please go in',
  inConsultation: 'In consultation',
  nobodyServing: 'No one called yet',
  emptyQueue: 'No one waiting',
  backAt: (doctor, time) => `${doctor}: back at ${time}`,
  absentToday: (doctor) => `${doctor}: absent today`,
  more: (n) => `+${n} more`,
  startSound: 'Start sound',
  soundOn: 'Sound on',
  voice: 'Voice calls',
  offline: (ago) => `Offline — updated ${ago}`,
  offlineJustNow: 'Offline — updated less than a minute ago',
  offlineNoData: 'Offline — waiting for a connection…',
  receptionQuiet: (ago) =>
    ago
      ? `The clinic is offline: the queue shown may be behind (last heard from ${ago})`
      : 'The clinic is offline: the queue shown may be behind',
  revokedTitle: 'This screen was disconnected',
  revokedText: 'The clinic removed this screen, or its sign-in ended. Sign in again to show the queue.',
  signInAgain: 'Sign in again',
  signOut: 'Disconnect screen',
  signOutConfirm: 'Disconnect this screen? It will need a new sign-in to show the queue.',
  spoken: (ticket, room) => (room ? `Ticket ${ticket}, room ${room}` : `Ticket ${ticket}`),
};

export const DISPLAY_DICTIONARIES: Record<Language, DisplayMessages> = { ar, fr, en };

export type DisplayI18n = LanguageInfo<DisplayMessages> & PublicFormatters;

/** The waiting-room screen: the stored choice, else the browser's language, else the clinic's first. */
const page = createPageI18n({ dictionaries: DISPLAY_DICTIONARIES, formatters: publicFormatters });
export const { useI18n, useLanguage, I18nProvider, LanguageSwitch } = bindPageI18n<DisplayI18n>(page);
