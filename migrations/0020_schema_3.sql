-- Document schema 3 (shared/schemas.ts, shared/doc-defaults.ts): appointments.
-- Visits gain the appointment they came from, doctors their bookable
-- schedule, settings the clinic's booking rules, with the values the tablets'
-- own migration gives (client/db/schema.ts), so a migrated tablet and the
-- server hold equal documents and nothing conflicts. Existing values win.
UPDATE docs SET data = '{"appointmentId": null}'::jsonb || data
 WHERE collection = 'entries';

UPDATE docs SET data = '{"booking": null}'::jsonb || data
 WHERE collection = 'doctors';

UPDATE docs
   SET data = jsonb_build_object('booking', jsonb_build_object(
         'online', false, 'daysAhead', 14, 'earlyMinutes', 10, 'lateMinutes', 10, 'lateAs', 'walk_in', 'reminders', true
       )) || data
 WHERE collection = 'settings';

-- The tablet's window takes a clinic's appointments by day (shared/window.ts),
-- as it takes visits, and the booking page reads a doctor's days.
CREATE INDEX docs_appointments_day ON docs (clinic_id, (data ->> 'day')) WHERE collection = 'appointments';
CREATE INDEX docs_appointments_changed ON docs (clinic_id, ((data ->> 'updatedAt')::bigint)) WHERE collection = 'appointments';
