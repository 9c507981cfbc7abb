// Waiting for patient notifications to settle, instead of sleeping: a test
// that asserts "nothing more was sent" must first know the server heard the
// change, evaluated it, and sent whatever it enqueued. A fixed sleep passes
// when the message comes later than the sleep.
import { expect } from 'vitest';
import type { RunningServer } from '../server/main.ts';
import { eventually } from './harness.ts';

/** Changes reported to the server's notifier for the clinic so far: read it before making changes. */
export const reportedChanges = (server: RunningServer, clinicId: string) => server.notifications.notifier.reported(clinicId);

/**
 * Resolves once the server's notifier has heard `reports` changes of the
 * clinic in all (the routes report theirs after answering, so the answer
 * alone does not say it), has evaluated them, and the outbox holds nothing
 * pending for the clinic, whichever instance sends it. What was not sent by
 * then is not sent for those changes.
 */
export async function notificationsSettled(server: RunningServer, clinicId: string, reports: number): Promise<void> {
  const { notifier } = server.notifications;
  await eventually(() => expect(notifier.reported(clinicId), 'changes the notifier heard').toBeGreaterThanOrEqual(reports), 5000);
  await notifier.idle(clinicId);
  await eventually(async () => {
    const [row] = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE clinic_id = $1 AND status = 'pending'`,
      [clinicId],
    );
    expect(row?.n, 'messages pending in the outbox').toBe(0);
  }, 5000);
}
