// The mails of staff accounts: an invitation to join a clinic and a password
// reset an owner started or the person asked for. Queued in mail_outbox like the verification mail.
import type { Language } from '../../shared/schemas.ts';
import type { StaffRole } from '../../shared/auth.ts';
import type { Mail } from '../signup/mail.ts';

const ROLE: Record<Language, Record<StaffRole, string>> = {
  fr: { owner: 'propriétaire', receptionist: 'réceptionniste', doctor: 'médecin' },
  ar: { owner: 'مالك', receptionist: 'موظف استقبال', doctor: 'طبيب' },
  en: { owner: 'owner', receptionist: 'receptionist', doctor: 'doctor' },
};

type Text = { subject: string; body: string };

const INVITE: Record<Language, (name: string, clinic: string, role: string, link: string, days: number) => Text> = {
  fr: (name, clinic, role, link, days) => ({
    subject: `DoctorQ : invitation à rejoindre ${clinic}`,
    body: `Bonjour ${name},\n\nVous êtes invité(e) à rejoindre ${clinic} sur DoctorQ en tant que ${role}. Ouvrez ce lien pour accepter :\n${link}\n\nLe lien est valable ${days} jours. Si vous n'attendiez pas cette invitation, ignorez ce message.\n\nDoctorQ`,
  }),
  ar: (name, clinic, role, link, days) => ({
    subject: `DoctorQ: دعوة للانضمام إلى ${clinic}`,
    body: `مرحبًا ${name}،\n\nأنت مدعو للانضمام إلى ${clinic} على DoctorQ بصفة ${role}. افتح هذا الرابط للقبول:\n${link}\n\nالرابط صالح لمدة ${days} أيام. إن لم تكن تنتظر هذه الدعوة فتجاهل هذه الرسالة.\n\nDoctorQ`,
  }),
  en: (name, clinic, role, link, days) => ({
    subject: `DoctorQ: invitation to join ${clinic}`,
    body: `Hello ${name},\n\nYou are invited to join ${clinic} on DoctorQ as ${role}. Open this link to accept:\n${link}\n\nThe link works for ${days} days. If you did not expect this invitation, ignore this message.\n\nDoctorQ`,
  }),
};

const RESET: Record<Language, (name: string, clinic: string, link: string, hours: number) => Text> = {
  fr: (name, clinic, link, hours) => ({
    subject: 'DoctorQ : choisissez un nouveau mot de passe',
    body: `Bonjour ${name},\n\nLe responsable de ${clinic} a demandé la réinitialisation de votre mot de passe DoctorQ. Choisissez-en un nouveau ici :\n${link}\n\nLe lien est valable ${hours} heures. Vos sessions ouvertes seront fermées.\n\nDoctorQ`,
  }),
  ar: (name, clinic, link, hours) => ({
    subject: 'DoctorQ: اختر كلمة مرور جديدة',
    body: `مرحبًا ${name}،\n\nطلب مسؤول ${clinic} إعادة تعيين كلمة مرورك في DoctorQ. اختر كلمة مرور جديدة هنا:\n${link}\n\nالرابط صالح لمدة ${hours} ساعة. ستُغلق جلساتك المفتوحة.\n\nDoctorQ`,
  }),
  en: (name, clinic, link, hours) => ({
    subject: 'DoctorQ: choose a new password',
    body: `Hello ${name},\n\nThe owner of ${clinic} asked for your DoctorQ password to be reset. Choose a new one here:\n${link}\n\nThe link works for ${hours} hours. Your open sessions will be signed out.\n\nDoctorQ`,
  }),
};

/** The person asked for it themselves, from a sign-in page ("forgot your password?"). */
const SELF_RESET: Record<Language, (name: string, link: string, hours: number) => Text> = {
  fr: (name, link, hours) => ({
    subject: 'DoctorQ : choisissez un nouveau mot de passe',
    body: `Bonjour ${name},

Vous avez demandé à changer votre mot de passe DoctorQ. Choisissez-en un nouveau ici :
${link}

Le lien est valable ${hours} heures et ne sert qu'une fois ; vos sessions ouvertes seront fermées. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.

DoctorQ`,
  }),
  ar: (name, link, hours) => ({
    subject: 'DoctorQ: اختر كلمة مرور جديدة',
    body: `مرحبًا ${name}،

طلبت تغيير كلمة مرورك في DoctorQ. اختر كلمة مرور جديدة هنا:
${link}

الرابط صالح لمدة ${hours} ساعة ولمرة واحدة، وستُغلق جلساتك المفتوحة. إن لم تطلب ذلك فتجاهل هذه الرسالة: كلمة مرورك لا تتغير.

DoctorQ`,
  }),
  en: (name, link, hours) => ({
    subject: 'DoctorQ: choose a new password',
    body: `Hello ${name},

You asked to change your DoctorQ password. Choose a new one here:
${link}

The link works once, for ${hours} hours; your open sessions will be signed out. If you did not ask, ignore this message: your password does not change.

DoctorQ`,
  }),
};

export function invitationMail(
  lang: Language,
  to: string,
  name: string,
  clinic: string,
  role: StaffRole,
  link: string,
  days: number,
): Mail {
  return { to, kind: 'staff_invitation', ...INVITE[lang](name, clinic, ROLE[lang][role], link, days) };
}

export function resetMail(lang: Language, to: string, name: string, clinic: string, link: string, hours: number): Mail {
  return { to, kind: 'password_reset', ...RESET[lang](name, clinic, link, hours) };
}

export function selfResetMail(lang: Language, to: string, name: string, link: string, hours: number): Mail {
  return { to, kind: 'password_reset', ...SELF_RESET[lang](name, link, hours) };
}
