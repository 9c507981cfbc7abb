// `npm run clinic:import -- <file.jsonl> --owner <email> [--plan clinic]`: reads
// a whole-clinic export (docs/export-format.md) into a fresh clinic of the
// database of DATABASE_URL (or the PGlite folder), owned by that existing account.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { Documents } from '../docs/writes.ts';
import { fileLines, ImportError, importClinic } from './clinic-import.ts';

const Args = z.object({ file: z.string().min(1), owner: z.email(), plan: z.string().min(1) });

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { owner: { type: 'string' }, plan: { type: 'string', default: 'clinic' } },
});
const args = Args.safeParse({ ...values, file: positionals[0] });
if (!args.success) {
  console.error(
    `Usage: npm run clinic:import -- <file.jsonl> --owner <email> [--plan trial|essential|clinic]\n${args.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: 1, dataDir: config.DATA_DIR });
try {
  await migrate(db);
  const r = await importClinic(new Documents(db), fileLines(args.data.file), { ownerEmail: args.data.owner, plan: args.data.plan });
  console.log(`Imported into clinic ${r.clinicId}: ${r.docs} documents, ${r.audit} audit rows.`);
} catch (err) {
  console.error(err instanceof ImportError ? `Not imported: ${err.message}` : err);
  process.exitCode = 1;
} finally {
  await db.close();
}
