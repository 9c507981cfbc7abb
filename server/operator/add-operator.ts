// `npm run operator:add -- --email ops@example.tn --name "Ops"`: adds an
// operator to the database of DATABASE_URL (or the PGlite folder). The
// password comes from OPERATOR_PASSWORD or the first line of standard input,
// never from the command line (shell history, process list).
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { Password } from '../../shared/saas.ts';
import { Text } from '../../shared/schemas.ts';
import { addOperator } from './accounts.ts';

const Args = z.object({ email: z.email(), name: Text(120, { min: 1 }), password: Password });

async function firstLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (10+ characters): ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const args = Args.safeParse({ ...values, password: process.env.OPERATOR_PASSWORD ?? (await firstLine()) });
if (!args.success) {
  console.error(
    `Usage: npm run operator:add -- --email <email> --name <name>  (password in OPERATOR_PASSWORD or on stdin)\n${args.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: 1, dataDir: config.DATA_DIR });
try {
  await migrate(db);
  const op = await addOperator(db, args.data);
  console.log(`Operator ${op.email} added (${op.id}).`);
} catch (err) {
  console.error((err as { code?: string }).code === '23505' ? 'An operator with this email exists.' : err);
  process.exitCode = 1;
} finally {
  await db.close();
}
