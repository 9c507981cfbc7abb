-- Appointment reminders (issue 18) go through the outbox like the queue's
-- messages: the day before and an hour before a booked slot. The row's
-- entry_id holds the appointment's id, so the unique key (clinic, entry,
-- kind, occasion, channel) sends each reminder of a booking once, whatever
-- the number of instances running the job.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('joined', 'next', 'called', 'cancelled', 'remind_day', 'remind_hour'));
