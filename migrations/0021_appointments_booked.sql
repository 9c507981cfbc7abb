-- The day's close (server/owner/day-close.ts) looks every few minutes for the
-- bookings still `booked` up to today: few rows, among a year of bookings
-- that already have their outcome.
CREATE INDEX docs_appointments_booked ON docs (clinic_id, (data ->> 'day'))
  WHERE collection = 'appointments' AND data ->> 'status' = 'booked';
