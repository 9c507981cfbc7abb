// `npm start`: build the client if it is missing, then serve it and the API
// on one port. PGlite in DATA_DIR unless DATABASE_URL is set. WORKERS > 1
// (or "auto") runs that many processes sharing the port, one per core.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig, requireDeployable, type Config } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_OPERATOR_EMAIL, DEMO_PASSWORD } from './demo.ts';
import { startServer } from './main.ts';
import { MigrationEditedError } from './db/migrate.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';

const root = join(import.meta.dirname, '..');
/** The process cannot start as configured (bad variable, edited migration, port or data folder taken): restarting it would fail the same way. */
const EXIT_REFUSED = 2;

function configOrExit(): Config {
  try {
    const config = loadConfig();
    requireDeployable(config);
    if (config.WORKERS !== 1 && !config.DATABASE_URL)
      throw new ConfigError(
        'Invalid configuration:\n  WORKERS: several processes need DATABASE_URL (the embedded database is single-process)',
      );
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(EXIT_REFUSED);
    }
    throw err;
  }
}

/** What to tell whoever runs `npm start` when the port cannot be listened on; null for any other error. */
function listenRefusal(config: Config, err: unknown): string | null {
  const { syscall, code } = err as NodeJS.ErrnoException;
  if (syscall !== 'listen') return null;
  const where = `${config.HOST}:${config.PORT}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is already in use (another DoctorQ?): stop what holds it, or set PORT to another port`;
    case 'EACCES':
      return `${where} needs privileges this process does not have: set PORT to 1024 or above`;
    case 'EADDRNOTAVAIL':
      return `${where}: HOST is not an address of this machine`;
    default:
      return null;
  }
}

async function serve(config: Config): Promise<void> {
  const server = await startServer({ config, clientDir: resolve(config.CLIENT_DIR) }).catch((err: unknown) => {
    const refusal = err instanceof MigrationEditedError || err instanceof DataDirInUseError ? err.message : listenRefusal(config, err);
    if (refusal === null) throw err;
    console.error(refusal);
    process.exit(EXIT_REFUSED);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.log.info({ signal }, 'shutting down');
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  if (cluster.isWorker) return;
  const where = config.DATABASE_URL ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}`;
  console.log(`\nDoctorQ is running at ${server.url}  (database: ${where})`);
  if (config.DEMO) {
    console.log(`Demo clinic sign-in (password "${DEMO_PASSWORD}"):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(13)} ${a.email}`);
    console.log(`Operator portal ${server.url}/operator.html: ${DEMO_OPERATOR_EMAIL} (same password)`);
    console.log(`New clinics sign up at ${server.url}/signup.html`);
  }
}

const config = configOrExit();
const workers = config.WORKERS === 0 ? availableParallelism() : config.WORKERS;

if (cluster.isPrimary) {
  if (!existsSync(join(config.CLIENT_DIR, 'index.html'))) {
    console.log('Building the client (first start)…');
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', resolve(config.CLIENT_DIR), '--emptyOutDir'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

if (workers === 1 || cluster.isWorker) {
  await serve(config);
} else {
  console.log(`\nDoctorQ starting ${workers} workers on port ${config.PORT}`);
  if (config.DEMO) console.log(`Demo clinic sign-in: ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')} (password "${DEMO_PASSWORD}")`);
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (w, code) => {
    if (code === EXIT_REFUSED && !stopping) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = EXIT_REFUSED;
      return;
    }
    if (!stopping) {
      console.error(`worker ${w.process.pid} exited (${code}); starting another`);
      cluster.fork();
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    });
  }
}
