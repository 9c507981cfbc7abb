// The reminders of booked appointments (shared/reminders.ts says when), put
// in the outbox by a periodic job on every instance. Enqueueing is idempotent
// (the outbox's key: appointment, kind), so two instances, or a run repeated,
// send each reminder once; a booking cancelled or moved before its reminder
// leaves is dropped at send time (the worker's staleness check).
import type { Database } from '../db/database.ts';
import { eachClinic, type ClinicRun } from '../clinic-run.ts';
import { bookingsBetween } from '../docs/appointments.ts';
import { allSettings } from '../docs/reads.ts';
import { smsAllowanceLeft } from '../billing/plans.ts';
import { dueReminders, REMINDER_LEAD_MS } from '../../shared/reminders.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { Appointment, Settings } from '../../shared/schemas.ts';
import { appointmentTime, messageText } from './messages.ts';
import { enqueue, type NewMessage } from './outbox.ts';

export interface ReminderChannels {
  smsEnabled: boolean;
  whatsappEnabled: boolean;
}

/**
 * The reminders due now for one clinic's bookings: by WhatsApp for a patient
 * who opted in, else by SMS while the plan's allowance lasts; a booking
 * without a phone is not reminded. Pure but for the messages' text.
 */
export function planReminders(
  settings: Pick<Settings, 'name' | 'timeZone' | 'languages'>,
  appointments: readonly Appointment[],
  channels: ReminderChannels,
  now: number,
): NewMessage[] {
  const out: NewMessage[] = [];
  for (const a of appointments) {
    if (!a.phone) continue;
    const channel = channels.whatsappEnabled && a.whatsapp ? 'whatsapp' : channels.smsEnabled ? 'sms' : null;
    if (!channel) continue;
    const lang = a.language ?? settings.languages[0] ?? 'fr';
    const facts = { clinic: settings.name, ticket: '', room: null, wait: null, when: appointmentTime(a.start, lang, settings.timeZone) };
    const booking = { start: a.start, minutes: a.minutes };
    for (const kind of dueReminders(a, now))
      out.push({
        entryId: a.id,
        kind,
        channel,
        target: channel === 'whatsapp' ? { phone: a.phone, lang, facts, ticket: null, booking } : { phone: a.phone, lang, facts, booking },
        // The text for the record, without the link: the link is the patient's credential and is added as it leaves.
        body: messageText(kind, lang, { ...facts, link: null }),
      });
  }
  return out;
}

/** Enqueues the due reminders of every clinic that sends them; `done` counts the messages enqueued. */
export async function enqueueReminders(db: Database, channels: ReminderChannels, now = Date.now()): Promise<ClinicRun> {
  if (!channels.smsEnabled && !channels.whatsappEnabled) return { done: 0, failed: [] };
  const clinics = (await allSettings(db)).filter((c) => c.settings.booking?.reminders);
  const settingsOf = new Map(clinics.map((c) => [c.clinicId, c.settings]));
  return eachClinic([...settingsOf.keys()], async (clinicId) => {
    const settings = settingsOf.get(clinicId)!;
    // The slots a reminder can be due for: from now to the longest lead ahead.
    const from = clinicDay(now, settings.timeZone);
    const to = clinicDay(now + REMINDER_LEAD_MS.remind_day, settings.timeZone);
    const booked = (await bookingsBetween(db, clinicId, from, to)).filter((a) => a.status === 'booked');
    if (booked.length === 0) return 0;
    const smsEnabled = channels.smsEnabled && (await smsAllowanceLeft(db, clinicId, settings.timeZone));
    return enqueue(db, clinicId, planReminders(settings, booked, { ...channels, smsEnabled }, now));
  });
}
