// `npm run migrate`: applies pending migrations to DATABASE_URL (or the PGlite
// folder) before instances start, e.g. as a release step.
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { MigrationEditedError, migrate } from './db/migrate.ts';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: 1, dataDir: config.DATA_DIR });
try {
  const applied = await migrate(db);
  console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} catch (err) {
  if (!(err instanceof MigrationEditedError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
} finally {
  await db.close();
}
