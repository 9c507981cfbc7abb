-- When the clinic's reception was last heard from (issue 17): while a
-- reception stream is open, the instance holding it refreshes this every few
-- seconds, one statement for all its clinics (server/sync/reception-presence.ts),
-- never a write per heartbeat or per device. Every instance reads it for the
-- clinics its patient phones and displays watch: a phone then says "the
-- clinic's queue may be behind" instead of showing old numbers as live.
ALTER TABLE clinics ADD COLUMN reception_seen_at timestamptz;
