// The one way a clinic comes to exist, for sign-up and for an owner's new
// branch alike: its row on a trial of its own, its owner's membership and its
// settings document (through the documents' write path, so the tablets and the
// name/time-zone copies follow). A branch is a tenant like any other: nothing
// here links it to the owner's other clinics but the membership.
import type { DocumentTx } from '../docs/writes.ts';
import type { Settings } from '../../shared/schemas.ts';
import type { NewBranchBody } from '../../shared/branches.ts';
import { SETTINGS_DEFAULTS } from '../../shared/doc-defaults.ts';

export interface NewClinic extends NewBranchBody {
  clinicId: string;
  ownerId: string;
  trialDays: number;
}

/** A new clinic's settings document: the defaults every clinic starts from (the demo clinic's too). */
export function newClinicSettings(c: Pick<Settings, 'clinicId' | 'name' | 'timeZone' | 'languages'>, now: number): Settings {
  return {
    id: c.clinicId,
    clinicId: c.clinicId,
    name: c.name,
    timeZone: c.timeZone,
    languages: c.languages,
    ticketPrefix: '',
    defaultConsultationMinutes: 15,
    selfCheckIn: true,
    display: 'tickets_and_doctor',
    retentionDays: 90,
    ...SETTINGS_DEFAULTS,
    updatedAt: now,
  };
}

/** Inside the caller's transaction; the owner's user row exists already. */
export async function createClinic(tx: DocumentTx, c: NewClinic): Promise<void> {
  await tx.query(
    `INSERT INTO clinics (id, name, time_zone, plan_id, status, trial_ends_at) VALUES ($1, $2, $3, 'trial', 'trial', now() + make_interval(days => $4))`,
    [c.clinicId, c.clinicName, c.timeZone, c.trialDays],
  );
  await tx.query(`INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, 'owner')`, [c.clinicId, c.ownerId]);
  const settings = newClinicSettings(
    { clinicId: c.clinicId, name: c.clinicName, timeZone: c.timeZone, languages: c.languages },
    Date.now(),
  );
  await tx.push(c.clinicId, 'settings', [{ newDocumentState: { ...settings, _deleted: false } }], {
    actor: { userId: c.ownerId, deviceId: null },
  });
}
