// Defect 4 (second half): one clinic whose data makes a periodic job throw is
// logged, counted in /metrics and skipped; every other clinic's job is done.
// The poison is put straight into the database, past every boundary that
// validates it: data that got in before the checks existed, or by hand.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createClinic, openTestDb, pushDocs } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { ERASED_NAME, type Entry } from '../../shared/schemas.ts';
import { Documents } from '../docs/writes.ts';
import { listDocs } from '../docs/reads.ts';
import { readUsage } from '../billing/usage.ts';
import { Metrics } from '../http/metrics.ts';
import { housekeeping, metering, type JobContext } from '../jobs.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.dispose();
});

const YEAR_AGO = Date.now() - 365 * 86_400_000;
const PATIENT = 'Patient Poisonous-Name';

/** A finished visit a year old: past any retention period, still carrying its name. */
function oldVisit(clinicId: string): Entry {
  const e = walkIn([], clinicId, PATIENT, { now: YEAR_AGO });
  return { ...e, day: clinicDay(YEAR_AGO, 'Africa/Tunis'), status: 'done', calledAt: YEAR_AGO, startedAt: YEAR_AGO, endedAt: YEAR_AGO };
}

async function endedTrialWithOldVisit(): Promise<string> {
  const clinic = await createClinic(db);
  await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: wire(oldVisit(clinic.id)) }]);
  await db.query(`UPDATE clinics SET status = 'trial', trial_ends_at = now() - interval '1 minute' WHERE id = $1`, [clinic.id]);
  return clinic.id;
}

function capturedLog() {
  const lines: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { log, lines };
}

const failures = async (m: Metrics, job: string) =>
  (await m.registry.getSingleMetric('doctorq_job_clinic_failures_total')!.get()).values.find((v) => v.labels.job === job)?.value ?? 0;

describe('periodic jobs with one poisoned clinic', () => {
  it('when one clinic has an unknown time zone and a status change that fails, then the other clinics are erased, expired and metered, and each failure is logged and counted', async () => {
    const healthy = await endedTrialWithOldVisit();
    const poisoned = await endedTrialWithOldVisit();
    await db.query(`UPDATE clinics SET time_zone = 'Mars/Olympus' WHERE id = $1`, [poisoned]);
    await db.query(
      `UPDATE docs SET data = jsonb_set(data, '{timeZone}', '"Mars/Olympus"') WHERE clinic_id = $1 AND collection = 'settings'`,
      [poisoned],
    );
    // Whatever makes one clinic's status change throw (a trigger stands for it): that clinic alone is skipped.
    await db.exec(`CREATE OR REPLACE FUNCTION test_refuse_clinic() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for this test'; END $$`);
    await db.exec(`CREATE TRIGGER test_refuse_${poisoned.slice(0, 8)} BEFORE UPDATE OF status ON clinics FOR EACH ROW
      WHEN (OLD.id = '${poisoned}') EXECUTE FUNCTION test_refuse_clinic()`);
    try {
      const metrics = new Metrics(db, () => ({}));
      const { log, lines } = capturedLog();
      // These jobs send nothing: reminders have their own test (server/notify/reminders.test.ts).
      const notifications = { remind: async () => ({ done: 0, failed: [] }) };
      const ctx: JobContext = { db, documents: new Documents(db), log, metrics, notifications };
      await housekeeping(ctx);
      await metering(ctx);

      const [visit] = await listDocs<Entry>(db, healthy, 'entries', { withDeleted: true });
      expect(visit).toMatchObject({ name: ERASED_NAME, phone: null });
      const [untouched] = await listDocs<Entry>(db, poisoned, 'entries', { withDeleted: true });
      expect(untouched!.name).toBe(PATIENT);
      const status = async (id: string) =>
        (await db.query<{ status: string }>('SELECT status FROM clinics WHERE id = $1', [id]))[0]!.status;
      expect(await status(healthy)).toBe('past_due');
      expect(await status(poisoned)).toBe('trial');
      expect(await readUsage(db, healthy)).not.toBeNull();
      expect(await readUsage(db, poisoned)).toBeNull();

      // Each failure is logged and counted; other files' clinics share the database (their own tests may poison
      // them meanwhile), so the clinics skipped are checked for this test's two.
      const skipped = lines.map((l) => JSON.parse(l)).filter((l) => l.msg.includes('skipped'));
      for (const job of ['retention', 'subscriptions', 'usage'])
        expect(await failures(metrics, job)).toBe(skipped.filter((l) => l.job === job).length);
      const ours = skipped.filter((l) => l.clinicId === healthy || l.clinicId === poisoned);
      expect(ours.map((l) => [l.job, l.clinicId]).sort()).toEqual([
        ['retention', poisoned],
        ['subscriptions', poisoned],
        ['usage', poisoned],
      ]);
      expect(lines.join('\n')).not.toContain(PATIENT);
    } finally {
      await db.exec(`DROP TRIGGER test_refuse_${poisoned.slice(0, 8)} ON clinics`);
      // Left poisoned, the clinic would count failures in other files' jobs on the shared database.
      await db.query('DELETE FROM docs WHERE clinic_id = $1', [poisoned]);
      await db.query(`UPDATE clinics SET time_zone = 'Africa/Tunis' WHERE id = $1`, [poisoned]);
    }
  });
});
