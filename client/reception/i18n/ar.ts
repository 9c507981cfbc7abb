import type { Messages } from './messages.ts';

export const ar: Messages = {
  appTitle: 'DoctorQ الاستقبال',
  language: 'اللغة',

  signInTitle: 'تسجيل دخول هذا الجهاز اللوحي',
  signInIntro: 'سجّل الدخول مرة واحدة مع اتصال بالإنترنت، ثم يعمل الجهاز حتى دون اتصال.',
  email: 'البريد الإلكتروني',
  password: 'كلمة المرور',
  deviceName: 'اسم الجهاز',
  deviceNameDefault: 'الاستقبال',
  signIn: 'تسجيل الدخول',
  signingIn: 'جارٍ تسجيل الدخول…',
  errBadCredentials: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.',
  errRateLimited: 'محاولات كثيرة. أعد المحاولة بعد دقيقة.',
  errOffline: 'لا يوجد اتصال. يتطلب أول تسجيل دخول الإنترنت.',
  errDeviceNotAllowed: 'لا يمكن لهذا الحساب استخدام جهاز الاستقبال.',
  errNoClinic: 'هذا الحساب غير مرتبط بأي عيادة.',
  errServer: 'لم يستجب الخادم بشكل صحيح. أعد المحاولة.',

  signInWays: 'طريقة الدخول',
  withPassword: 'كلمة المرور',
  withCode: 'التسجيل برمز',
  enrolIntro: 'أدخل الرمز الظاهر في صفحة صاحب العيادة، أو امسح رمز QR الخاص به بهذا الجهاز.',
  enrolCode: 'رمز التسجيل',
  enrol: 'تسجيل هذا الجهاز',
  enrolling: 'جارٍ التسجيل…',
  errCodeFormat: 'يتكوّن الرمز من 8 حروف وأرقام، مثل ABCD-2345.',
  errInvalidCode: 'هذا الرمز غير معروف أو مستعمل أو منتهي الصلاحية: اطلب رمزًا جديدًا.',
  errPlanLimit: 'لا يسمح اشتراك العيادة بجهاز إضافي: يمكن للمالك إلغاء جهاز لم يعد مستعملًا (فضاء المالك، الأجهزة) أو تغيير الاشتراك.',
  errClinicSuspended: 'اشتراك هذه العيادة معلّق: لا يمكن تسجيل أي جهاز قبل إعادة تفعيله.',
  errEmailUnverified: 'يجب على صاحب العيادة أولاً تأكيد بريده الإلكتروني (الرابط في رسالة التسجيل): لا يمكن تسجيل أي جهاز قبل ذلك.',

  opening: 'جارٍ فتح قائمة الانتظار…',
  openFailed: 'تعذّر فتح بيانات الجهاز.',
  otherTab: 'DoctorQ مفتوح بالفعل في علامة تبويب أو نافذة أخرى. أغلقها ثم أعد المحاولة.',
  retry: 'إعادة المحاولة',

  phase: {
    connecting: 'جارٍ المزامنة…',
    online: 'متصل',
    offline: 'غير متصل',
    revoked: 'تم الإلغاء',
    outdated: 'يلزم التحديث',
    stopped: 'متوقف',
  },
  pendingLabel: 'لم تُزامَن بعد:',
  lastSync: (time) => `آخر مزامنة ${time}`,
  neverSynced: 'لم تتم المزامنة بعد',
  signOut: 'تسجيل الخروج',
  signOutPending: (n) => `تغييرات لم تصل إلى الخادم بعد: ${n}. ستضيع.`,
  signOutAnyway: 'تسجيل الخروج رغم ذلك',
  keepWorking: 'متابعة العمل',

  revoked: (n) => `تم إلغاء هذا الجهاز — تغييرات لم تُزامَن: ${n}`,
  suspended: (n) =>
    `اشتراك هذه العيادة معلّق. تبقى قائمة الانتظار متاحة للاطلاع هنا وتُحفظ تغييراتك على هذا الجهاز (لم تُزامَن بعد: ${n})؛ وستتم مزامنتها عند إعادة تفعيل الاشتراك.`,
  outdated: 'يلزم التحديث: أعد تحميل التطبيق.',
  reload: 'إعادة التحميل',
  storageNotPersisted: 'قد يحذف المتصفح بيانات هذا الجهاز عند امتلاء المساحة. ثبّت التطبيق للاحتفاظ بها.',
  dismiss: 'إغلاق',
  updateAvailable: 'يتوفر تحديث.',
  offlineReady: 'جاهز للعمل دون اتصال.',

  doctorTabs: 'الأطباء',
  all: 'الكل',
  generalQueue: 'الطابور العام',
  room: (room) => `القاعة ${room}`,

  registerTitle: 'مريض جديد',
  name: 'الاسم',
  phone: 'الهاتف',
  optional: 'اختياري',
  doctor: 'الطبيب',
  anyDoctor: 'أي طبيب',
  urgent: 'مستعجل',
  register: 'تسجيل',
  errNameRequired: 'أدخل اسم المريض.',
  errPhoneInvalid: 'أرقام ومسافات و + ( ) - فقط.',
  errSaveFailed: 'فشل الحفظ. أعد المحاولة.',

  ticketIssued: 'التذكرة',
  scanToFollow: 'امسح الرمز لمتابعة دورك',
  aheadOfYou: (n) => `${n} قبلك`,
  nextInLine: 'التالي في الدور',
  close: 'إغلاق',

  waitingTitle: 'في الانتظار',
  emptyQueue: 'لا أحد في الانتظار.',
  waited: (d) => `ينتظر منذ ${d}`,
  moveUp: 'تقديم',
  moveDown: 'تأخير',
  dragHandle: 'اسحب لتغيير الترتيب',
  call: 'نداء',
  noShow: 'غائب',
  cancel: 'إلغاء',

  nowServing: 'قيد الخدمة',
  callNext: 'نداء التالي',
  nobodyCalled: 'لم يُنادَ أحد',
  called: 'تم النداء',
  inConsultation: 'في الفحص',
  start: 'بدء الفحص',
  finish: 'إنهاء',

  noShowsTitle: 'الغائبون',
  recall: 'إعادة النداء',
  setAsideTitle: 'تغييرات رفضها الخادم',
  setAsideIntro: 'وُضعت هذه التغييرات جانبًا، وتستمر مزامنة كل ما عداها. صحّحها وأعد إرسالها، أو تخلَّ عنها للإبقاء على نسخة الخادم.',
  setAsideWhat: (c, label) => `${c === 'entries' ? 'مريض' : c === 'doctors' ? 'طبيب' : 'الإعدادات'} ${label}:`,
  setAsideReason: (code) =>
    code === 'plan_limit'
      ? 'يتجاوز حدّ اشتراك العيادة (يمكن للمالك تغيير الاشتراك أو إيقاف طبيب آخر).'
      : code === 'invalid_document'
        ? 'غير صالح (اسم أو هاتف طويل جدًا أو بصيغة خاطئة؟).'
        : code === 'too_large'
          ? 'كبير جدًا.'
          : 'رفضه الخادم.',
  setAsideFix: 'تصحيح',
  setAsideResend: 'إعادة الإرسال',
  setAsideDrop: 'تخلٍّ',
  setAsideInvalid: 'اسم (120 حرفًا على الأكثر) وهاتف من أرقام ومسافات و + ( ) - فقط.',
};
