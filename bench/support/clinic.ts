// Clinics, staff and queues for the benchmarks, written straight to the
// database the way testkit/harness.ts does (which cannot be imported
// here: it pulls in vitest).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../server/db/database.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { TokenKeys } from '../../server/auth/tokens.ts';
import { Documents } from '../../server/docs/writes.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { rankBetween } from '../../shared/rank.ts';
import type { Entry } from '../../shared/schemas.ts';
import { MAX_PUSH_ROWS } from '../../shared/protocol.ts';
import { ENTRY_DEFAULTS } from '../../shared/doc-defaults.ts';

export const PASSWORD = 'bench horse battery staple';
export const DAY = '2026-11-28';

let hashed: Promise<string> | null = null;
/** scrypt is deliberately slow: one hash serves every benchmark user. */
const passwordHash = () => (hashed ??= hashPassword(PASSWORD));

export interface BenchClinic {
  id: string;
  receptionist: string;
  receptionistId: string;
}

export async function createClinic(db: Database): Promise<BenchClinic> {
  const id = randomUUID();
  const tag = id.slice(0, 8);
  const receptionistId = randomUUID();
  const receptionist = `reception-${tag}@bench.tn`;
  const hash = await passwordHash();
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO clinics (id, name) VALUES ($1, $2)', [id, `Bench ${tag}`]);
    await tx.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [
      receptionistId,
      receptionist,
      `Reception ${tag}`,
      hash,
    ]);
    await tx.query('INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, $3)', [id, receptionistId, 'receptionist']);
    // Devices enrol only in a clinic one of whose owners verified their email (server/auth/enrolment.ts).
    const ownerId = randomUUID();
    await tx.query('INSERT INTO users (id, email, name, password_hash, email_verified_at) VALUES ($1, $2, $3, $4, now())', [
      ownerId,
      `verified-owner-${tag}@bench.tn`,
      `Owner ${tag}`,
      hash,
    ]);
    await tx.query('INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, $3)', [id, ownerId, 'owner']);
  });
  return { id, receptionist, receptionistId };
}

/**
 * Access tokens signed with the servers' JWT_SECRET. Used where thousands of
 * devices connect: logging each in would spend minutes in scrypt, which is
 * not what those benchmarks measure. Queue operations log in for real.
 */
export async function tokenMinter(db: Database, secret: string) {
  const keys = await TokenKeys.load(db, secret, 3600);
  return async (c: BenchClinic) => (await keys.sign({ sub: c.receptionistId, cid: c.id, role: 'receptionist', sid: randomUUID() })).token;
}

export type WireEntry = Entry & { _deleted: boolean };
export const wire = (e: Entry): WireEntry => ({ ...e, _deleted: false });

/** Waiting entries in arrival order, built directly (registerEntry scans the whole queue per patient: O(n²) for 10,000). */
export class EntryFactory {
  private lastRank: string | null = null;
  private n = 0;
  constructor(
    readonly clinicId: string,
    readonly series = 'A',
  ) {}

  next(now = Date.now(), name?: string): Entry {
    this.n++;
    this.lastRank = rankBetween(this.lastRank, null);
    return {
      id: uuidv7(now, randomBytes(10)),
      clinicId: this.clinicId,
      day: DAY,
      ticket: `${this.series}-${String(this.n).padStart(3, '0')}`,
      name: name ?? `Patient ${this.n}`,
      phone: null,
      doctorId: null,
      priority: 'normal',
      status: 'waiting',
      rank: this.lastRank,
      source: 'reception',
      arrivedAt: now,
      calledAt: null,
      startedAt: null,
      endedAt: null,
      ...ENTRY_DEFAULTS,
      updatedAt: now,
    };
  }

  many(n: number, now = Date.now()): Entry[] {
    return Array.from({ length: n }, (_, i) => this.next(now + i));
  }
}

/** Writes documents straight through dq_push (setup, not measured). */
export async function insertEntries(db: Database, clinicId: string, entries: readonly Entry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += MAX_PUSH_ROWS) {
    await new Documents(db).push(
      clinicId,
      'entries',
      entries.slice(i, i + MAX_PUSH_ROWS).map((e) => ({ newDocumentState: wire(e) })),
    );
  }
}
