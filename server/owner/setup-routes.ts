// The owner's side of the subscription: guided setup (enrolment codes, email
// verification; the hours are in the settings document, routes.ts), the plan and usage. Mounted inside ownerRoutes, after
// its authentication.
import { Router } from 'express';
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/database.ts';
import { HttpError, parseBody } from '../http/errors.ts';
import type { LinkBase } from '../http/origin.ts';
import { hashEnrolmentCode } from '../auth/sessions.ts';
import { assertDoctorOf, assertMayEnrol } from '../auth/enrolment.ts';
import { readSubscription } from '../billing/subscription.ts';
import { sendVerification } from '../signup/verification.ts';
import { activeDoctorsSql, settingSql } from '../docs/sql.ts';
import { audit } from './audit.ts';
import { ownedClinic } from './owned.ts';
import { lockWritableClinic } from '../billing/plans.ts';
import { ENROL_CODE_ALPHABET, EnrolmentCodeBody, type EnrolmentCode, type SetupState } from '../../shared/saas.ts';
import type { Language } from '../../shared/schemas.ts';
import { LocalWindow } from '../../shared/window.ts';

export interface SetupDeps {
  db: Database;
  log: Logger;
  enrolCodeMinutes: number;
  /** Base of the links in mails and QR codes (never the request's Host). */
  linkBase: LinkBase;
  printLinks: boolean;
}

const newCode = () => Array.from({ length: 8 }, () => ENROL_CODE_ALPHABET[randomInt(ENROL_CODE_ALPHABET.length)]).join('');

async function setupState(db: Queryable, clinicId: string, userId: string): Promise<SetupState> {
  const [s] = await db.query<{
    verified: boolean;
    hours: boolean;
    completed: Date | null;
    prefix: string | null;
    doctors: number;
    devices: number;
  }>(
    `SELECT (SELECT email_verified_at IS NOT NULL FROM users WHERE id = $2) AS verified,
            c.opening_hours IS NOT NULL AS hours, c.setup_completed_at AS completed,
            ${settingSql('c.id', '{ticketPrefix}')} AS prefix,
            ${activeDoctorsSql('c.id')} AS doctors,
            (SELECT count(*)::int FROM devices WHERE clinic_id = c.id AND revoked_at IS NULL) AS devices
       FROM clinics c WHERE c.id = $1`,
    [clinicId, userId],
  );
  if (!s) throw new HttpError(404, 'not_found', 'no such clinic');
  return {
    emailVerified: s.verified,
    doctors: s.doctors,
    hoursSet: s.hours,
    ticketPrefix: s.prefix ?? '',
    devices: s.devices,
    completedAt: s.completed ? new Date(s.completed).toISOString() : null,
  };
}

export function setupRoutes(d: SetupDeps): Router {
  const r = Router();
  const owned = ownedClinic(d.db);

  r.get('/clinics/:clinicId/subscription', async (req, res) => {
    const { clinicId } = await owned(req);
    res.json(await readSubscription(d.db, clinicId));
  });

  r.get('/clinics/:clinicId/setup', async (req, res) => {
    const { clinicId, actor } = await owned(req);
    res.json(await setupState(d.db, clinicId, actor.userId!));
  });

  r.post('/clinics/:clinicId/setup/complete', async (req, res) => {
    const { clinicId, actor } = await owned(req, 'write');
    await d.db.transaction(async (tx) => {
      await lockWritableClinic(tx, clinicId);
      const done = await tx.query(
        'UPDATE clinics SET setup_completed_at = now() WHERE id = $1 AND setup_completed_at IS NULL RETURNING 1',
        [clinicId],
      );
      if (done.length > 0) await audit(tx, clinicId, actor, 'clinic.setup_complete', clinicId);
    });
    res.json(await setupState(d.db, clinicId, actor.userId!));
  });

  // The tablets' window of past days (shared/window.ts): the pull reads it on every call, so a change reaches each tablet's next pull.
  r.get('/clinics/:clinicId/window', async (req, res) => {
    const { clinicId } = await owned(req);
    const [row] = await d.db.query<LocalWindow>('SELECT local_past_days AS "pastDays" FROM clinics WHERE id = $1', [clinicId]);
    if (!row) throw new HttpError(404, 'not_found', 'no such clinic');
    res.json({ pastDays: row.pastDays });
  });

  r.put('/clinics/:clinicId/window', async (req, res) => {
    const { clinicId, actor } = await owned(req, 'write');
    const body = parseBody(LocalWindow, req.body);
    await d.db.transaction(async (tx) => {
      await lockWritableClinic(tx, clinicId);
      const [before] = await tx.query<LocalWindow>('SELECT local_past_days AS "pastDays" FROM clinics WHERE id = $1', [clinicId]);
      // The same value again: no write, no audit entry (as a settings patch that changes nothing).
      if (before?.pastDays === body.pastDays) return;
      await tx.query('UPDATE clinics SET local_past_days = $2 WHERE id = $1', [clinicId, body.pastDays]);
      await audit(tx, clinicId, actor, 'clinic.window', clinicId, { pastDays: body.pastDays, was: before?.pastDays ?? null });
    });
    res.json(body);
  });

  r.post('/clinics/:clinicId/verification', async (req, res) => {
    const { clinicId, actor } = await owned(req);
    const link = await d.db.transaction(async (tx) => {
      const [u] = await tx.query<{ email: string; name: string; verified: boolean; clinic: string; lang: Language | null }>(
        `SELECT u.email, u.name, u.email_verified_at IS NOT NULL AS verified, c.name AS clinic,
                ${settingSql('c.id', '{languages,0}')} AS lang
           FROM users u, clinics c WHERE u.id = $1 AND c.id = $2`,
        [actor.userId, clinicId],
      );
      if (!u) throw new HttpError(404, 'not_found', 'no such clinic');
      if (u.verified) throw new HttpError(409, 'already_verified', 'this email is already verified');
      return sendVerification(
        tx,
        { userId: actor.userId!, email: u.email, name: u.name, clinicName: u.clinic, language: u.lang ?? 'fr' },
        d.linkBase(),
      );
    });
    if (d.printLinks) d.log.info({ link }, 'demo mode: email verification link');
    res.status(202).json({ sent: true });
  });

  r.post('/clinics/:clinicId/enrolment-codes', async (req, res) => {
    const { clinicId, actor } = await owned(req, 'write');
    const { kind, doctorId } = parseBody(EnrolmentCodeBody, req.body ?? {});
    const code = newCode();
    const expiresAt = await d.db.transaction(async (tx) => {
      // The rule the code will meet when used (auth/enrolment.ts), checked now rather than on the tablet.
      await assertMayEnrol(tx, clinicId, actor.userId!, kind);
      if (doctorId !== undefined) await assertDoctorOf(tx, clinicId, doctorId);
      const [row] = await tx.query<{ expires_at: Date }>(
        `INSERT INTO enrolment_codes (code_hash, clinic_id, kind, created_by, expires_at, doctor_id)
         VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5), $6) RETURNING expires_at`,
        [hashEnrolmentCode(code), clinicId, kind, actor.userId, d.enrolCodeMinutes, doctorId ?? null],
      );
      await audit(tx, clinicId, actor, 'device.enrolment_code', null, { kind });
      return new Date(row!.expires_at).toISOString();
    });
    // A doctor device enrols on the doctor's page, the others on the reception's (a display moves on from there).
    const page = kind === 'doctor' ? '/doctor.html' : '/';
    const body: EnrolmentCode = { code, kind, expiresAt, url: `${d.linkBase()}${page}?enrol=${code}` };
    res.status(201).json(body);
  });

  return r;
}
