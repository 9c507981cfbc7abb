-- Statistics on the two expressions the window's pull filters by (server/docs/reads.ts).
-- Postgres keeps no statistics for the expressions of a partial index, so it guessed a
-- third of a clinic's visits to be inside the window: with 1,000 clinics' visits in the
-- table, the pull of a clinic with a year of history scanned the clinic's 29,000 rows
-- through docs_stream (88 ms) instead of the window's 160 through docs_entries_day and
-- docs_entries_changed (2 ms). Measured by `npm run bench -- --only=saas,catchup`.
CREATE STATISTICS docs_day_expr ON (data ->> 'day') FROM docs;
CREATE STATISTICS docs_updated_expr ON ((data ->> 'updatedAt')::bigint) FROM docs;
ANALYZE docs;
