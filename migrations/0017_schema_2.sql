-- Document schema 2 (shared/schemas.ts, shared/doc-defaults.ts): the fields
-- added for the clinic's day, patient actions and messages. Every stored
-- document gains them with the values the tablets' own migration gives
-- (client/db/schema.ts), so a migrated tablet and the server hold equal
-- documents and nothing conflicts. Existing values win (`defaults || data`).
UPDATE docs SET data = '{"cancelReason": null, "lateUntil": null, "language": null, "whatsapp": false}'::jsonb || data
 WHERE collection = 'entries';

UPDATE docs SET data = '{"pausedUntil": null, "absentDay": null}'::jsonb || data
 WHERE collection = 'doctors';

-- The opening hours move into the settings document, which the tablets
-- replicate (the day's close needs them offline). That document differs from
-- the tablets' migrated copy, so it takes a new sequence number, taken under
-- the clinic's row like every write, and the tablets pull it.
WITH bumped AS (
  UPDATE clinics c SET seq = c.seq + 1
    FROM docs d
   WHERE d.clinic_id = c.id AND d.collection = 'settings'
  RETURNING c.id, c.seq, c.opening_hours
)
UPDATE docs d
   SET seq = b.seq,
       data = jsonb_build_object(
         'hours', b.opening_hours,
         'alwaysPrint', false,
         'ticketPaper', '80mm',
         'requireHere', false,
         'closeAfterMinutes', 60,
         'closedThrough', null
       ) || d.data
  FROM bumped b
 WHERE d.clinic_id = b.id AND d.collection = 'settings';
