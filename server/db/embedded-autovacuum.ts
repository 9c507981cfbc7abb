// PGlite is Postgres in one process without its background workers: no
// autovacuum, so nothing refreshes the planner's statistics or clears dead
// rows. Planned on the statistics the migrations left (empty tables), every
// write's lookup of a document by id in dq_push read all of the clinic's
// documents of that collection (docs_pull with the id as a filter: a year of
// visits on each tap) instead of one (docs_pkey). This does autovacuum's work
// for the embedded database, by autovacuum's own thresholds: at start the
// tables that grew (the change counters behind the thresholds are not kept
// across restarts), then each minute the tables that changed enough.
import type { Database } from './database.ts';

export const EMBEDDED_AUTOVACUUM_EVERY_MS = 60_000;

/** What a run did: tables analysed and tables vacuumed. */
export interface AutovacuumRun {
  analyzed: string[];
  vacuumed: string[];
}

/** Whether `db` has no autovacuum of its own. */
export const needsOwnAutovacuum = (db: Database): boolean => db.kind === 'pglite';

/**
 * At start, before the counters have seen anything: the tables that grew by
 * more than autovacuum's scale factor since their statistics were taken
 * (measured in pages, which are kept). Returns the tables analysed.
 */
export async function analyzeGrown(db: Database): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT quote_ident(c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r'
        AND pg_relation_size(c.oid) / current_setting('block_size')::int
            > (1 + current_setting('autovacuum_analyze_scale_factor')::float8) * c.relpages
      ORDER BY c.relname`,
  );
  for (const { name } of rows) await db.exec(`ANALYZE ${name}`);
  return rows.map((r) => r.name);
}

/** The tables past autovacuum's thresholds (changed rows since the last ANALYZE, dead rows), as autovacuum reads them. */
export async function autovacuumDue(db: Database): Promise<AutovacuumRun> {
  // A backend publishes its change counts when idle, which the embedded one never is: at the end of this statement.
  await db.query('SELECT pg_stat_force_next_flush()');
  const rows = await db.query<{ name: string; analyze: boolean; vacuum: boolean }>(
    `SELECT quote_ident(s.relname) AS name,
            s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
              + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0) AS analyze,
            s.n_dead_tup > current_setting('autovacuum_vacuum_threshold')::float8
              + current_setting('autovacuum_vacuum_scale_factor')::float8 * greatest(c.reltuples, 0) AS vacuum
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema()
      ORDER BY s.relname`,
  );
  return { analyzed: rows.filter((r) => r.analyze).map((r) => r.name), vacuumed: rows.filter((r) => r.vacuum).map((r) => r.name) };
}

/** One run: vacuums and analyses the tables past their thresholds. */
export async function embeddedAutovacuum(db: Database): Promise<AutovacuumRun> {
  const due = await autovacuumDue(db);
  for (const name of due.vacuumed) await db.exec(`VACUUM ${due.analyzed.includes(name) ? '(ANALYZE) ' : ''}${name}`);
  for (const name of due.analyzed) if (!due.vacuumed.includes(name)) await db.exec(`ANALYZE ${name}`);
  return due;
}
