// Self-serve sign-up: a clinic in trial, its owner signed in at once, and a
// verification link in the mail outbox. Public, so rate-limited per IP and
// validated field by field.
import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { HttpError, parseBody } from '../http/errors.ts';
import { perHour } from '../http/rate-limit.ts';
import type { LinkBase } from '../http/origin.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { Documents } from '../docs/writes.ts';
import { audit } from '../owner/audit.ts';
import { listPlans } from '../billing/plans.ts';
import { SignupBody, VerifyBody } from '../../shared/saas.ts';
import { sendVerification, verifyEmail } from './verification.ts';
import { createClinic } from './new-clinic.ts';

export interface SignupDeps {
  db: Database;
  documents: Documents;
  log: Logger;
  sessions: Sessions;
  rateLimitNamespace: string;
  signupsPerHour: number;
  trialDays: number;
  /** Base of the links in mails and QR codes (never the request's Host). */
  linkBase: LinkBase;
  /** Print verification links (a local trial has no mail provider). */
  printLinks: boolean;
}

export function signupRoutes(d: SignupDeps): Router {
  const r = Router();

  r.get('/plans', async (_req, res) => {
    res.json({ plans: await listPlans(d.db), trialDays: d.trialDays });
  });

  r.post(
    '/signup',
    perHour(d.db, `${d.rateLimitNamespace}:signup`, d.signupsPerHour, 'too many sign-ups from this address, try again later'),
    async (req, res) => {
      const body = parseBody(SignupBody, req.body);
      const hash = await hashPassword(body.password);
      const clinicId = randomUUID();
      const userId = randomUUID();
      // The settings document is written in the same transaction; its fan-out follows the commit.
      const link = await d.documents
        .transaction(async (tx) => {
          // Checked first for a clear answer; the unique index settles two sign-ups racing (below).
          const [taken] = await tx.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [body.email]);
          if (taken) throw new HttpError(409, 'email_taken', 'an account with this email exists: sign in instead');
          // The user first: the clinic's membership refers to it.
          await tx.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [
            userId,
            body.email,
            body.ownerName,
            hash,
          ]);
          await createClinic(tx, {
            clinicId,
            ownerId: userId,
            trialDays: d.trialDays,
            clinicName: body.clinicName,
            languages: body.languages,
            timeZone: body.timeZone,
          });
          await audit(tx, clinicId, { userId, deviceId: null }, 'clinic.signup', clinicId, {
            languages: body.languages,
            timeZone: body.timeZone,
          });
          return sendVerification(
            tx,
            { userId, email: body.email, name: body.ownerName, clinicName: body.clinicName, language: body.languages[0]! },
            d.linkBase(),
          );
        })
        .catch((err: unknown) => {
          throw (err as { code?: string }).code === '23505'
            ? new HttpError(409, 'email_taken', 'an account with this email exists: sign in instead')
            : err;
        });
      if (d.printLinks) d.log.info({ link }, 'demo mode: email verification link');
      const login = await d.sessions.login({ email: body.email, password: body.password, clinicId });
      if (!login.ok) throw new Error(`sign-in right after sign-up failed: ${login.code}`);
      res.status(201).json({ grant: login.grant, verificationSent: true });
    },
  );

  r.post('/signup/verify', async (req, res) => {
    const { token } = parseBody(VerifyBody, req.body);
    if (!(await d.db.transaction((tx) => verifyEmail(tx, token))))
      throw new HttpError(400, 'invalid_token', 'this link is unknown, already used or expired');
    res.json({ verified: true });
  });

  return r;
}
