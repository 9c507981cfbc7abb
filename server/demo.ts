// On first start with an empty database: one demo clinic, two doctors, and
// an owner, a receptionist and a doctor who can sign in.
import { randomUUID } from 'node:crypto';
import { DEFAULT_TIME_ZONE, type Doctor, type Settings } from '../shared/schemas.ts';
import type { OpeningHours } from '../shared/opening-hours.ts';
import { hashPassword } from './auth/passwords.ts';
import type { Documents } from './docs/writes.ts';
import { MAX_PUSH_ROWS } from '../shared/protocol.ts';
import { clinicDay } from '../shared/tickets.ts';
import { demoHistory } from './demo-history.ts';
import { addOperator } from './operator/accounts.ts';
import { DOCTOR_DEFAULTS } from '../shared/doc-defaults.ts';
import { newClinicSettings } from './signup/new-clinic.ts';

const PUSH_BATCH = MAX_PUSH_ROWS;

export const DEMO_PASSWORD = 'doctorq-demo';
/** Monday to Friday 8:30–12:30 and 14:00–18:00, Saturday mornings: the demo is a clinic already set up. */
const DEMO_HOURS: OpeningHours = {
  spans: [1, 2, 3, 4, 5]
    .flatMap((weekday) => [
      { weekday, open: '08:30', close: '12:30' },
      { weekday, open: '14:00', close: '18:00' },
    ])
    .concat([{ weekday: 6, open: '09:00', close: '13:00' }]),
};
const DEMO_CLINIC_NAME = 'Cabinet Médical El Menzah';
const DEMO_LOCK_KEY = 7_263_002;
/** The operator portal's demo account (operator.html), same password. */
export const DEMO_OPERATOR_EMAIL = 'operator@demo.doctorq.tn';
export const DEMO_ACCOUNTS = [
  { email: 'owner@demo.doctorq.tn', name: 'Dr Amira Ben Salah', role: 'owner' },
  { email: 'reception@demo.doctorq.tn', name: 'Sonia Trabelsi', role: 'receptionist' },
  { email: 'doctor@demo.doctorq.tn', name: 'Dr Karim Jaziri', role: 'doctor' },
] as const;

/** Creates the demo clinic if the database has no clinic yet; returns its id, or null if nothing was done. */
export async function seedDemo(documents: Documents, timeZone = DEFAULT_TIME_ZONE, now = Date.now()): Promise<string | null> {
  const hash = await hashPassword(DEMO_PASSWORD);
  // Instances (or cluster workers) starting together: one seeds, the others see it done.
  return documents.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK_KEY]);
    const [{ n }] = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM clinics')) as [{ n: number }];
    if (n > 0) return null;
    const clinicId = randomUUID();
    // On the largest plan: the demo is for trying every device at once.
    await tx.query(`INSERT INTO clinics (id, name, time_zone, plan_id, setup_completed_at) VALUES ($1, $2, $3, 'clinic', now())`, [
      clinicId,
      DEMO_CLINIC_NAME,
      timeZone,
    ]);
    for (const a of DEMO_ACCOUNTS) {
      const userId = randomUUID();
      await tx.query('INSERT INTO users (id, email, name, password_hash, email_verified_at) VALUES ($1, $2, $3, $4, now())', [
        userId,
        a.email,
        a.name,
        hash,
      ]);
      await tx.query('INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, $3)', [clinicId, userId, a.role]);
    }
    await addOperator(tx, { email: DEMO_OPERATOR_EMAIL, name: 'DoctorQ Ops', password: DEMO_PASSWORD });
    const settings: Settings = {
      ...newClinicSettings({ clinicId, name: DEMO_CLINIC_NAME, timeZone, languages: ['fr', 'ar', 'en'] }, now),
      hours: DEMO_HOURS,
    };
    const doctors: Doctor[] = [
      { id: 'doc-amira', clinicId, name: 'Dr Amira Ben Salah', room: '1', active: true, ...DOCTOR_DEFAULTS, updatedAt: now },
      { id: 'doc-karim', clinicId, name: 'Dr Karim Jaziri', room: '2', active: true, ...DOCTOR_DEFAULTS, updatedAt: now },
    ];
    await tx.push(clinicId, 'settings', [{ newDocumentState: { ...settings, _deleted: false } }]);
    await tx.push(
      clinicId,
      'doctors',
      doctors.map((d) => ({ newDocumentState: { ...d, _deleted: false } })),
    );
    const history = demoHistory(
      clinicId,
      doctors.map((d) => d.id),
      clinicDay(now, settings.timeZone),
      settings.timeZone,
    );
    for (let i = 0; i < history.length; i += PUSH_BATCH) {
      await tx.push(
        clinicId,
        'entries',
        history.slice(i, i + PUSH_BATCH).map((e) => ({ newDocumentState: { ...e, _deleted: false } })),
      );
    }
    return clinicId;
  });
}
