// A whole-clinic export (shared/clinic-export.ts) read back into a fresh
// clinic of this DoctorQ, owned by an existing account: its documents through
// the one write path, its audit log copied. All in one transaction, so a file
// cut short or a line that does not parse leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ExportLine, rehomed, type AuditLine, type EndLine, type ExportHeader } from '../../shared/clinic-export.ts';
import { MAX_PUSH_ROWS, type PushRow } from '../../shared/protocol.ts';
import { WIRE_COLLECTIONS, type CollectionName } from '../../shared/schemas.ts';
import type { Queryable } from '../db/database.ts';
import type { Actor, Documents } from '../docs/writes.ts';
import { audit } from './audit.ts';

export class ImportError extends Error {}

export interface ImportOptions {
  ownerEmail: string;
  /** The new clinic's plan: its doctor and storage limits apply to what is imported. */
  plan: string;
}

export interface ImportResult {
  clinicId: string;
  docs: number;
  audit: number;
}

/**
 * The clinic row and its owner. Kept to this one function so that it can call
 * whatever makes clinics elsewhere (sign-up, branches) when that is shared.
 */
async function openClinic(
  tx: Queryable,
  c: { id: string; name: string; timeZone: string; localPastDays: number; ownerId: string; plan: string },
) {
  await tx.query(
    `INSERT INTO clinics (id, name, time_zone, plan_id, local_past_days, setup_completed_at) VALUES ($1, $2, $3, $4, $5, now())`,
    [c.id, c.name, c.timeZone, c.plan, c.localPastDays],
  );
  await tx.query(`INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, 'owner')`, [c.id, c.ownerId]);
}

/**
 * A file's lines, read as they are needed. The iterator is taken at once:
 * readline drops the lines it reads before its iterator exists, and the import
 * awaits the database before it asks for the first (the header went missing).
 */
export function fileLines(path: string): AsyncIterable<string> {
  const iterator = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
  return { [Symbol.asyncIterator]: () => iterator };
}

function parsed(line: string, n: number): ExportLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ImportError(`line ${n}: not JSON`);
  }
  const r = ExportLine.safeParse(value);
  if (!r.success) throw new ImportError(`line ${n}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export async function importClinic(documents: Documents, lines: AsyncIterable<string>, opts: ImportOptions): Promise<ImportResult> {
  return documents.transaction(async (tx) => {
    const [owner] = await tx.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [opts.ownerEmail]);
    if (!owner) throw new ImportError(`no account with the email ${opts.ownerEmail}: sign up or be invited first`);
    const actor: Actor = { userId: owner.id, deviceId: null };
    const clinicId = randomUUID();
    let header: ExportHeader | null = null;
    let end: EndLine | null = null;
    let n = 0;
    let docs = 0;
    let audits = 0;
    /** Documents wait here until a push of the protocol's largest size is full, or the collection changes. */
    let batch: { collection: CollectionName; rows: PushRow[] } | null = null;
    const flush = async () => {
      if (!batch) return;
      const { collection, rows } = batch;
      batch = null;
      const res = await tx.push(clinicId, collection, rows, { actor });
      if (res.conflicts.length > 0) throw new ImportError(`a ${collection} document appears twice`);
    };

    for await (const text of lines) {
      if (text.trim() === '') continue;
      n++;
      if (end) throw new ImportError(`line ${n}: after the end line`);
      const line = parsed(text, n);
      if (!header) {
        if (line.type !== 'header') throw new ImportError('line 1: not a DoctorQ clinic export header');
        header = line;
        const { name, timeZone, localPastDays } = header.clinic;
        await openClinic(tx, { id: clinicId, name, timeZone, localPastDays, ownerId: owner.id, plan: opts.plan });
      } else if (line.type === 'doc') {
        const doc = WIRE_COLLECTIONS[line.collection].safeParse(rehomed(line.data, header.clinic.id, clinicId));
        if (!doc.success) throw new ImportError(`line ${n}: not a valid ${line.collection} document`);
        if (batch && (batch.collection !== line.collection || batch.rows.length === MAX_PUSH_ROWS)) await flush();
        batch ??= { collection: line.collection, rows: [] };
        batch.rows.push({ newDocumentState: doc.data as PushRow['newDocumentState'] });
        docs++;
      } else if (line.type === 'audit') {
        await flush();
        await copyAudit(tx, clinicId, line);
        audits++;
      } else if (line.type === 'end') {
        if (line.lines !== n - 1) throw new ImportError(`the end line counts ${line.lines} lines, the file has ${n - 1}`);
        end = line;
      } else throw new ImportError(`line ${n}: a second header`);
    }
    if (!header) throw new ImportError('the file is empty');
    if (!end) throw new ImportError('the file is cut short: no end line');
    await flush();
    await audit(tx, clinicId, actor, 'clinic.import', clinicId, { exportedAt: header.exportedAt, docs, audit: audits });
    return { clinicId, docs, audit: audits };
  });
}

/** Its actors are accounts of the other DoctorQ: named in the details, not linked. */
async function copyAudit(tx: Queryable, clinicId: string, a: AuditLine) {
  const by = a.operator ? { operator: a.operator } : a.user ? { user: a.user.name, ...(a.device ? { device: a.device.name } : {}) } : null;
  await tx.query('INSERT INTO audit_log (clinic_id, at, action, target, details) VALUES ($1, $2, $3, $4, $5)', [
    clinicId,
    a.at,
    a.action,
    a.target,
    JSON.stringify({ ...a.details, ...(by ? { importedActor: by } : {}) }),
  ]);
}
