-- The tablet's bounded window (issue 15, shared/window.ts): a tablet holds
-- open visits, the visits of today and of the clinic's past days, and visits
-- changed since then; the pull filters the rest out. past_days is the
-- clinic's setting (shared/window.ts bounds it: 0 to 7).
ALTER TABLE clinics ADD COLUMN local_past_days smallint NOT NULL DEFAULT 1 CHECK (local_past_days BETWEEN 0 AND 7);

-- The pull reads the window through three indexes, one per clause, so a new
-- tablet of a clinic with a year of visits reads the window's rows, not the
-- year's (docs_entries_day, from 0001, serves the day clause).
CREATE INDEX docs_entries_open ON docs (clinic_id, seq)
  WHERE collection = 'entries' AND data ->> 'status' IN ('waiting', 'called', 'in_consultation')
    AND NOT (data ->> '_deleted')::boolean;
CREATE INDEX docs_entries_changed ON docs (clinic_id, ((data ->> 'updatedAt')::bigint)) WHERE collection = 'entries';
