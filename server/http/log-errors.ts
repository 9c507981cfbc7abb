// What an error may carry into the logs. Database errors describe the row
// they choked on: Postgres's `detail`, `where` and `internalQuery` quote the
// values (a check-in whose name held a NUL logged the patient's name through
// the jsonb parser's context line), and messages quote the literal that
// failed (`invalid input syntax for type uuid: "…"`). So an error is logged
// by its kind, code and the names of the objects involved, never by values.
import type { SerializedError } from 'pino';

/** Fields of pg's and PGlite's errors that name schema objects, not data. */
const SAFE_FIELDS = ['code', 'severity', 'routine', 'constraint', 'table', 'column', 'dataType', 'schema'] as const;

/** Quoted literals in a message become `"…"`: identifiers are lost too, the safe fields above keep them. */
const maskQuoted = (s: string) => s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '"…"');

export function safeErr(err: unknown): SerializedError | unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { type: e.constructor?.name ?? 'Error', message: maskQuoted(e.message) };
  for (const k of SAFE_FIELDS) if (typeof e[k] === 'string' || typeof e[k] === 'number') out[k] = e[k];
  // The first line of a stack is the message, values included: keep the frames only.
  if (typeof e.stack === 'string')
    out.stack = e.stack
      .split('\n')
      .filter((l) => l.startsWith('    at '))
      .join('\n');
  if (e.cause !== undefined) out.cause = safeErr(e.cause);
  return out;
}

export const errorSerializers = { err: safeErr, error: safeErr };
