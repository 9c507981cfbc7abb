// The owner area: reports, staff, devices, audit log and clinic settings, for
// the clinics the signed-in user owns. The clinic is in the path (an owner
// may own several); every route checks the membership, so an owner of one
// clinic gets 403 on another and a receptionist gets 403 everywhere here.
import { Router } from 'express';
import { z } from 'zod';
import { Doctor, DoctorBooking, Settings, Uuid } from '../../shared/schemas.ts';
import { UNSEEN_DEVICE_DAYS } from '../../shared/auth.ts';
import type { Database } from '../db/database.ts';
import { HttpError, parseBody, parseQuery } from '../http/errors.ts';
import { authenticate, staffOf } from '../auth/middleware.ts';
import { authorize } from '../auth/policy.ts';
import type { Revocations } from '../auth/revocations.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import { listDocs, readDoc, readSettings } from '../docs/reads.ts';
import type { Actor, Documents } from '../docs/writes.ts';
import { audit, readAudit } from './audit.ts';
import { withClinic } from '../db/tenant.ts';
import { deepEqual } from '../../shared/equal.ts';
import { clinicReport, ReportRange as Range, reportCsv } from './reports.ts';
import { ownedClinic } from './owned.ts';
import { setupRoutes, type SetupDeps } from './setup-routes.ts';
import { staffRoutes, type StaffDeps } from './staff-routes.ts';
import { branchRoutes, type BranchDeps } from './branch-routes.ts';
import { closeRoutes, type CloseDeps } from './close-routes.ts';
import { DOCTOR_DEFAULTS } from '../../shared/doc-defaults.ts';
import { OpeningHours } from '../../shared/opening-hours.ts';
import { exportRoutes } from './export-routes.ts';

// The hours have their own route (the setup step edits them alone); the day's close is the devices' to write.
const SettingsPatch = Settings.omit({ id: true, clinicId: true, updatedAt: true, hours: true, closedThrough: true }).partial().strict();
/**
 * What the owner edits of a doctor; pause and absence are the day's, set from the desk and the doctor's screen.
 * `booking` left out keeps the doctor's schedule: a form that edits only the name cannot drop their appointments' slots.
 */
const DoctorBody = Doctor.pick({ id: true, name: true, room: true, active: true })
  .extend({ booking: DoctorBooking.nullable().optional() })
  .strict();

export function ownerRoutes(
  deps: { db: Database; keys: TokenKeys; revocations: Revocations; sessions: Sessions; documents: Documents } & SetupDeps &
    StaffDeps &
    BranchDeps &
    CloseDeps,
): Router {
  const r = Router();
  // A person's session only: a device never enters the owner area, whoever enrolled it.
  r.use(authenticate(deps.keys, deps.revocations), authorize('owner.area'));
  r.use(setupRoutes(deps));
  r.use(staffRoutes(deps));
  r.use(branchRoutes(deps));
  r.use(closeRoutes(deps));
  r.use(exportRoutes(deps));

  const owned = ownedClinic(deps.db);

  /** Writes one replicated document on the owner's behalf; it reaches the tablets like any change. */
  const writeDoc = async (
    clinicId: string,
    actor: Actor,
    collection: 'settings' | 'doctors',
    id: string,
    next: (cur: Record<string, unknown> | null) => Record<string, unknown>,
  ) => {
    const cur = await readDoc(deps.db, clinicId, collection, id);
    const doc = { ...next(cur), _deleted: false };
    // Nothing but the timestamp changed: no write, no audit entry, no sync traffic.
    if (cur && deepEqual({ ...cur, updatedAt: 0 }, { ...doc, updatedAt: 0 })) return cur;
    const res = await deps.documents.push(
      clinicId,
      collection,
      [{ assumedMasterState: (cur ?? undefined) as never, newDocumentState: doc as never }],
      { actor },
    );
    if (res.conflicts.length > 0) throw new HttpError(409, 'conflict', 'changed meanwhile, try again');
    return doc;
  };

  // A closed clinic leaves the switcher: its final export was offered before the close (server/owner/close-routes.ts).
  r.get('/clinics', async (req, res) => {
    const rows = await deps.db.query<{ id: string; name: string; time_zone: string }>(
      `SELECT c.id, c.name, c.time_zone FROM memberships m JOIN clinics c ON c.id = m.clinic_id
        WHERE m.user_id = $1 AND m.role = 'owner' AND c.closed_at IS NULL ORDER BY c.name`,
      [staffOf(req).sub],
    );
    res.json({ clinics: rows.map((c) => ({ id: c.id, name: c.name, timeZone: c.time_zone })) });
  });

  r.get('/clinics/:clinicId/reports', async (req, res) => {
    const { clinicId, timeZone } = await owned(req);
    const q = parseQuery(Range, req.query);
    res.json(await withClinic(deps.db, clinicId, (tx) => clinicReport(tx, clinicId, q.from, q.to, timeZone)));
  });

  r.get('/clinics/:clinicId/reports.csv', async (req, res) => {
    const { clinicId, timeZone } = await owned(req);
    const q = parseQuery(Range, req.query);
    const { report, doctors } = await withClinic(deps.db, clinicId, async (tx) => ({
      report: await clinicReport(tx, clinicId, q.from, q.to, timeZone),
      doctors: await listDocs<{ id: string; name: string }>(tx, clinicId, 'doctors', { withDeleted: true }),
    }));
    res
      .type('text/csv; charset=utf-8')
      .attachment(`doctorq-report-${q.from}-${q.to}.csv`)
      .send(reportCsv(report, new Map(doctors.map((d) => [d.id, d.name]))));
  });

  r.get('/clinics/:clinicId/staff', async (req, res) => {
    const { clinicId } = await owned(req);
    const staff = await withClinic(deps.db, clinicId, (tx) =>
      tx.query(
        `SELECT u.id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.clinic_id = $1 ORDER BY m.created_at`,
        [clinicId],
      ),
    );
    res.json({ staff });
  });

  r.get('/clinics/:clinicId/devices', async (req, res) => {
    const { clinicId } = await owned(req);
    res.json({ devices: await deps.sessions.listDevices(clinicId) });
  });

  r.delete('/clinics/:clinicId/devices/:deviceId', async (req, res) => {
    // Open while suspended: a lost tablet must be cut off whatever the subscription's state.
    const { clinicId, actor } = await owned(req);
    const { stolen } = parseQuery(z.object({ stolen: z.enum(['true', 'false']).default('false') }), req.query);
    const deviceId = Uuid.safeParse(req.params.deviceId);
    if (!deviceId.success || !(await deps.sessions.revokeDevice(clinicId, deviceId.data, { stolen: stolen === 'true' })))
      throw new HttpError(404, 'not_found', 'no such device, or already revoked');
    await audit(deps.db, clinicId, actor, 'device.revoke', deviceId.data, { stolen: stolen === 'true' });
    res.status(204).end();
  });

  // Every fresh browser signed in as a tablet takes a device slot: old ones are cleared in one go.
  r.post('/clinics/:clinicId/devices/revoke-unseen', async (req, res) => {
    const { clinicId, actor } = await owned(req);
    const { days } = parseBody(z.object({ days: z.number().int().min(1).max(3650).default(UNSEEN_DEVICE_DAYS) }), req.body ?? {});
    const revoked = await deps.sessions.revokeUnseen(clinicId, days);
    for (const id of revoked) await audit(deps.db, clinicId, actor, 'device.revoke', id, { stolen: false, unseenDays: days });
    res.json({ revoked });
  });

  r.get('/clinics/:clinicId/audit', async (req, res) => {
    const { clinicId } = await owned(req);
    const q = parseQuery(
      z.object({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      req.query,
    );
    res.json({ events: await withClinic(deps.db, clinicId, (tx) => readAudit(tx, clinicId, q.before, q.limit)) });
  });

  r.get('/clinics/:clinicId/settings', async (req, res) => {
    const { clinicId } = await owned(req);
    const settings = await withClinic(deps.db, clinicId, (tx) => readSettings(tx, clinicId));
    if (!settings) throw new HttpError(404, 'not_found', 'this clinic has no settings');
    res.json(settings);
  });

  /** Every doctor, inactive ones too (the public check-in list shows active ones only). */
  r.get('/clinics/:clinicId/doctors', async (req, res) => {
    const { clinicId } = await owned(req);
    const doctors = await withClinic(deps.db, clinicId, (tx) => listDocs<{ name: string }>(tx, clinicId, 'doctors'));
    res.json({ doctors: doctors.sort((a, b) => a.name.localeCompare(b.name)) });
  });

  r.patch('/clinics/:clinicId/settings', async (req, res) => {
    const { clinicId, actor } = await owned(req, 'write');
    const patch = parseBody(SettingsPatch, req.body);
    const doc = await writeDoc(clinicId, actor, 'settings', clinicId, (cur) => {
      if (!cur) throw new HttpError(404, 'not_found', 'this clinic has no settings');
      return { ...cur, ...patch, updatedAt: Date.now() };
    });
    // clinics.name / time_zone follow the document in the same statement (dq_apply_settings).
    res.json(doc);
  });

  // The hours live in the settings document, so the tablets have them offline (the day's close);
  // clinics.opening_hours is a copy kept by dq_apply_settings for the setup checklist's query.
  r.get('/clinics/:clinicId/hours', async (req, res) => {
    const { clinicId } = await owned(req);
    const settings = await withClinic(deps.db, clinicId, (tx) => readSettings(tx, clinicId));
    res.json(settings?.hours ?? { spans: [] });
  });

  r.put('/clinics/:clinicId/hours', async (req, res) => {
    const { clinicId, actor } = await owned(req, 'write');
    const hours = parseBody(OpeningHours, req.body);
    hours.spans.sort((a, b) => a.weekday - b.weekday || a.open.localeCompare(b.open));
    hours.overrides?.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    await writeDoc(clinicId, actor, 'settings', clinicId, (cur) => {
      if (!cur) throw new HttpError(404, 'not_found', 'this clinic has no settings');
      return { ...cur, hours, updatedAt: Date.now() };
    });
    res.json(hours);
  });

  r.put('/clinics/:clinicId/doctors/:doctorId', async (req, res) => {
    const { clinicId, actor } = await owned(req, 'write');
    const body = parseBody(DoctorBody, { ...req.body, id: req.params.doctorId });
    const doc = await writeDoc(clinicId, actor, 'doctors', body.id, (cur) => ({
      ...DOCTOR_DEFAULTS,
      ...cur,
      ...body,
      clinicId,
      updatedAt: Date.now(),
    }));
    res.json(doc);
  });

  return r;
}
