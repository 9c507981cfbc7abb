// Runs queries for one clinic behind row-level security
// (migrations/0003_row_security.sql): inside, even a query without a clinic
// filter sees that clinic's rows only. Used where queries are written per
// feature (owner reports, audit, staff); the replication hot path keeps its
// single-statement form with the clinic passed explicitly.
import type { Database, Queryable } from './database.ts';

export function withClinic<T>(db: Database, clinicId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE doctorq_tenant');
    await tx.query(`SELECT set_config('doctorq.clinic_id', $1, true)`, [clinicId]);
    return fn(tx);
  });
}
