// `npm start`: build the client if it is missing, then serve it and the API
// on one port. PGlite in DATA_DIR unless DATABASE_URL is set.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo.ts';
import { startServer } from './main.ts';

const root = join(import.meta.dirname, '..');
const clientDir = join(root, 'dist');

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

if (!existsSync(join(clientDir, 'index.html'))) {
  console.log('Building the client (first start)…');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = await startServer({ config, clientDir });
const where = config.DATABASE_URL ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}`;
console.log(`\nDoctorQ is running at ${server.url}  (database: ${where})`);
if (config.DEMO) {
  console.log(`Demo clinic sign-in (password "${DEMO_PASSWORD}"):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(13)} ${a.email}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.log.info({ signal }, 'shutting down');
    server.close().then(() => process.exit(0), () => process.exit(1));
  });
}
