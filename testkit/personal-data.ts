// Where personal data is: every text, varchar and json(b) column of every
// table searched for given strings (names, phone numbers), so a table or a
// column added later is searched without being listed (server/owner/close.test.ts,
// e2e/close-clinic.e2e.ts).
import type { Queryable } from '../server/db/database.ts';

/** The needles found in any column of any table of the current schema, sorted. */
export async function foundAnywhere(db: Queryable, needles: readonly string[]): Promise<string[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')`,
  );
  // Guards the search itself: a catalog query that matched nothing would find nothing, and pass.
  if (columns.length < 20) throw new Error(`only ${columns.length} text columns found: the catalog query is wrong`);
  const found = new Set<string>();
  for (const { table_name, column_name } of columns) {
    const rows = await db.query<{ n: string }>(
      `SELECT n FROM unnest($1::text[]) n
        WHERE EXISTS (SELECT 1 FROM "${table_name.replaceAll('"', '""')}" WHERE strpos("${column_name.replaceAll('"', '""')}"::text, n) > 0)`,
      [needles],
    );
    for (const r of rows) found.add(r.n);
  }
  return [...found].sort();
}
