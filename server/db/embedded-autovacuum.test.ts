// The embedded database's autovacuum, on PGlite itself (the only database
// that needs it): without it, a write's lookup of a document by id is planned
// on the empty tables the migrations analysed and reads the clinic's whole
// collection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import { analyzeGrown, autovacuumDue, embeddedAutovacuum, needsOwnAutovacuum } from './embedded-autovacuum.ts';
import { createClinic, pushDocs } from '../../testkit/harness.ts';
import { queueOf, wire } from '../../testkit/entries.ts';
import type { Entry } from '../../shared/schemas.ts';

let root: string;
let db: Database;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'doctorq-autovacuum-'));
});
afterAll(async () => {
  await db?.close();
  await rm(root, { recursive: true, force: true });
});

/** Each case on a database of its own, as the migrations leave it (its tables analysed empty). */
let dataDir = '';
async function fresh(): Promise<void> {
  await db?.close();
  dataDir = join(root, crypto.randomUUID());
  db = await openDatabase({ poolSize: 1, dataDir });
  await migrate(db);
}

/** New documents, or (with `before`, the stored copies) their next versions, in pushes of 100. */
async function write(clinicId: string, entries: readonly Entry[], before?: readonly Entry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 100) {
    const rows = entries.slice(i, i + 100).map((e, j) => {
      const stored = before?.[i + j];
      return stored ? { assumedMasterState: wire(stored), newDocumentState: wire(e) } : { newDocumentState: wire(e) };
    });
    const { written } = await pushDocs(db, clinicId, 'entries', rows);
    expect(written).toBe(rows.length);
  }
}

/** The index dq_push's lookup of a document by id takes once its plan is cached (a generic plan). */
async function lookupIndex(): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL plan_cache_mode = force_generic_plan');
    await tx.exec('PREPARE lookup (uuid, text, text) AS SELECT data FROM docs WHERE clinic_id = $1 AND collection = $2 AND id = $3');
    const plan = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE lookup ('${crypto.randomUUID()}', 'entries', 'x')`);
    await tx.exec('DEALLOCATE lookup');
    return /using (\w+)/.exec(plan.map((r) => r['QUERY PLAN']).join('\n'))?.[1] ?? 'none';
  });
}

describe('embedded autovacuum', () => {
  it('analyses the tables that changed past the threshold, so a lookup by id reads one document, not the clinic', async () => {
    await fresh();
    expect(needsOwnAutovacuum(db)).toBe(true);
    const clinic = await createClinic(db);
    await write(clinic.id, queueOf(400, clinic.id));
    // What the migrations left: docs analysed empty, and the lookup through the clinic's whole collection.
    expect(await lookupIndex()).toBe('docs_pull');
    const due = await autovacuumDue(db);
    expect(due.analyzed).toContain('docs');

    const run = await embeddedAutovacuum(db);
    expect(run.analyzed).toContain('docs');
    expect(await lookupIndex()).toBe('docs_pkey');
    expect((await autovacuumDue(db)).analyzed).not.toContain('docs');
  });

  it('vacuums a table whose dead rows passed the threshold', async () => {
    await fresh();
    const clinic = await createClinic(db);
    const entries = queueOf(400, clinic.id);
    await write(clinic.id, entries);
    // Each overwrite leaves the row's previous version dead.
    await write(
      clinic.id,
      entries.map((e) => ({ ...e, name: `${e.name} (moved)`, updatedAt: e.updatedAt + 1 })),
      entries,
    );
    expect((await autovacuumDue(db)).vacuumed).toContain('docs');
    const run = await embeddedAutovacuum(db);
    expect(run.vacuumed).toContain('docs');
    expect((await autovacuumDue(db)).vacuumed).not.toContain('docs');
  });

  it('at start, analyses the tables that grew while nothing counted (the counters are not kept across restarts)', async () => {
    await fresh();
    const clinic = await createClinic(db);
    await write(clinic.id, queueOf(400, clinic.id));
    await db.close();
    db = await openDatabase({ poolSize: 1, dataDir });
    expect((await autovacuumDue(db)).analyzed).not.toContain('docs');
    expect(await lookupIndex()).toBe('docs_pull');

    expect(await analyzeGrown(db)).toContain('docs');
    expect(await lookupIndex()).toBe('docs_pkey');
    expect(await analyzeGrown(db)).toEqual([]);
  });
});
