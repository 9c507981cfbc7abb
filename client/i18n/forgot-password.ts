// The "forgot your password?" screen's words, one set for every staff
// sign-in page (owner, reception); each page's own words name its errors.
import type { ForgotTexts } from '../ui/ForgotPassword.tsx';
import type { Language } from './core.ts';

type Words = Omit<ForgotTexts, 'error'> & { invalid: string };

const WORDS: Record<Language, Words> = {
  ar: {
    link: 'نسيت كلمة المرور؟',
    title: 'اختر كلمة مرور جديدة',
    intro: 'اكتب البريد الإلكتروني الذي تدخل به: سنرسل إليه رابطًا لاختيار كلمة مرور جديدة.',
    submit: 'أرسل لي رابطًا',
    sending: 'جارٍ الإرسال…',
    sent: 'إن كان هناك حساب بهذا العنوان، فرابط اختيار كلمة مرور جديدة في الطريق. يعمل مرة واحدة خلال 24 ساعة.',
    back: 'العودة إلى الدخول',
    invalid: 'هذا ليس عنوان بريد إلكتروني.',
  },
  fr: {
    link: 'Mot de passe oublié ?',
    title: 'Choisir un nouveau mot de passe',
    intro:
      "Saisissez l'adresse e-mail avec laquelle vous vous connectez : nous vous enverrons un lien pour choisir un nouveau mot de passe.",
    submit: 'Envoyez-moi un lien',
    sending: 'Envoi…',
    sent: 'Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe arrive. Il sert une fois, pendant 24 heures.',
    back: 'Retour à la connexion',
    invalid: "Ce n'est pas une adresse e-mail.",
  },
  en: {
    link: 'Forgot your password?',
    title: 'Choose a new password',
    intro: 'Type the email address you sign in with: we will send a link to choose a new password.',
    submit: 'Send me a link',
    sending: 'Sending…',
    sent: 'If an account uses this address, a link to choose a new password is on its way. It works once, for 24 hours.',
    back: 'Back to sign-in',
    invalid: 'This is not an email address.',
  },
};

/** The page's words for a refused request: too many, no connection, a server failure. */
interface PageErrors {
  rate_limited: string;
  offline: string;
  server: string;
}

export function forgotTexts(lang: Language, errors: PageErrors): ForgotTexts {
  const { invalid, ...words } = WORDS[lang];
  return { ...words, error: (e) => (e === 'invalid' ? invalid : errors[e]) };
}
