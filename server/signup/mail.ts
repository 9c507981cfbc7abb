// Mail to clinic owners and staff. Queued in mail_outbox inside the
// transaction that makes the link, so a link exists only if its mail does;
// the mail worker (server/mail/, when SMTP_URL is set) sends it after the
// commit. In demo mode the server also prints the link.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { Language } from '../../shared/schemas.ts';

export interface Mail {
  to: string;
  kind: 'verify_email' | 'staff_invitation' | 'password_reset';
  subject: string;
  body: string;
}

export async function queueMail(tx: Queryable, m: Mail): Promise<void> {
  await tx.query('INSERT INTO mail_outbox (id, to_email, kind, subject, body) VALUES ($1, $2, $3, $4, $5)', [
    randomUUID(),
    m.to,
    m.kind,
    m.subject,
    m.body,
  ]);
}

const VERIFY: Record<Language, (name: string, clinic: string, link: string) => { subject: string; body: string }> = {
  fr: (name, clinic, link) => ({
    subject: `DoctorQ : confirmez votre adresse pour ${clinic}`,
    body: `Bonjour ${name},\n\nConfirmez votre adresse e-mail pour activer l'enrôlement des tablettes de ${clinic} :\n${link}\n\nLe lien est valable 48 heures.\n\nDoctorQ`,
  }),
  ar: (name, clinic, link) => ({
    subject: `DoctorQ: أكّد بريدك الإلكتروني لـ ${clinic}`,
    body: `مرحبًا ${name}،\n\nأكّد بريدك الإلكتروني لتفعيل تسجيل أجهزة ${clinic}:\n${link}\n\nالرابط صالح لمدة 48 ساعة.\n\nDoctorQ`,
  }),
  en: (name, clinic, link) => ({
    subject: `DoctorQ: confirm your email for ${clinic}`,
    body: `Hello ${name},\n\nConfirm your email address to enrol ${clinic}'s tablets:\n${link}\n\nThe link works for 48 hours.\n\nDoctorQ`,
  }),
};

export function verificationMail(lang: Language, to: string, name: string, clinic: string, link: string): Mail {
  return { to, kind: 'verify_email', ...VERIFY[lang](name, clinic, link) };
}
