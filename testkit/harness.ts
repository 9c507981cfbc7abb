// Test harness: real databases, real servers on free ports, real HTTP.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../server/config.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { startServer, type RunningServer } from '../server/main.ts';
import { hashPassword } from '../server/auth/passwords.ts';
import { Documents, type PushOptions, type PushResult } from '../server/docs/writes.ts';
import { MAX_PUSH_ROWS, type PushRow, SCHEMA_VERSION } from '../shared/protocol.ts';
import type { CollectionName } from '../shared/schemas.ts';
import type { Doctor, Entry, Settings } from '../shared/schemas.ts';
import type { Grant } from '../server/auth/sessions.ts';
import { DOCTOR_DEFAULTS, SETTINGS_DEFAULTS } from '../shared/doc-defaults.ts';

// What testkit/global-setup.ts provides to every test file. Declared here, beside
// the `inject` that reads it, so every program that type-checks the harness sees it.
declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export const usingPostgres = Boolean(process.env.DATABASE_URL);
export const PASSWORD = 'correct horse battery';

/** A database for one test file: the shared Postgres, or a fresh copy of the migrated PGlite template. */
export async function openTestDb(): Promise<Database & { dispose(): Promise<void> }> {
  if (usingPostgres) {
    const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 10, dataDir: '' });
    return Object.assign(db, { dispose: () => db.close() });
  }
  const dir = await mkdtemp(join(tmpdir(), 'doctorq-test-'));
  await cp(inject('pgliteTemplate'), dir, { recursive: true });
  const db = await openDatabase({ poolSize: 1, dataDir: dir });
  return Object.assign(db, {
    dispose: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  });
}

/**
 * Writes documents as the server does (server/docs/: dq_push and what follows a commit), outside any
 * server: the database's NOTIFY reaches the servers' streams. Test setup, or a change made "by another device".
 */
export function pushDocs(
  db: Database,
  clinicId: string,
  collection: CollectionName,
  rows: PushRow[],
  opts: PushOptions = {},
): Promise<PushResult> {
  return new Documents(db).push(clinicId, collection, rows, opts);
}

/** Writes past visits (testkit/history.ts) as the server does, in pushes of the protocol's largest size. */
export async function addHistory(db: Database, clinicId: string, visits: readonly Entry[]): Promise<void> {
  for (let i = 0; i < visits.length; i += MAX_PUSH_ROWS)
    await pushDocs(
      db,
      clinicId,
      'entries',
      visits.slice(i, i + MAX_PUSH_ROWS).map((e) => ({ newDocumentState: { ...e, _deleted: false } })),
    );
}

/** Each test server counts its own rate limits (a fresh namespace) unless a test shares one on purpose. */
export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    CHECKIN_RATE_LIMIT_PER_IP: '1000',
    CHECKIN_RATE_LIMIT_PER_CLINIC: '1000',
    PUBLIC_READ_RATE_LIMIT_PER_IP: '10000',
    RATE_LIMIT_NAMESPACE: `t-${randomUUID().slice(0, 8)}`,
    // The fake push service in the tests speaks plain http.
    PUSH_ALLOW_HTTP_ENDPOINTS: 'true',
    // ... on 127.0.0.1, which production refuses (server/notify/endpoint-guard.ts; tested with it off).
    PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true',
    ...overrides,
  });
}

/** An instance of the server on a free port over `db` (several may share one). */
export function startTestServer(db: Database, overrides: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ config: testConfig(overrides), db, log: pino({ level: 'silent' }) });
}

export interface TestClinic {
  id: string;
  emails: { owner: string; receptionist: string; doctor: string };
  doctors: Doctor[];
}

/** A clinic of its own for a test: staff of every role, two doctors, settings. */
export async function createClinic(db: Database, now = Date.now()): Promise<TestClinic> {
  const id = randomUUID();
  const tag = id.slice(0, 8);
  const emails = { owner: `owner-${tag}@test.tn`, receptionist: `reception-${tag}@test.tn`, doctor: `doctor-${tag}@test.tn` };
  const hash = await hashPassword(PASSWORD);
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO clinics (id, name) VALUES ($1, $2)', [id, `Clinic ${tag}`]);
    for (const [role, email] of Object.entries(emails)) {
      const userId = randomUUID();
      // The owner has verified their email, as a clinic that enrols devices must have (server/auth/enrolment.ts).
      await tx.query('INSERT INTO users (id, email, name, password_hash, email_verified_at) VALUES ($1, $2, $3, $4, $5)', [
        userId,
        email,
        `${role} ${tag}`,
        hash,
        role === 'owner' ? new Date() : null,
      ]);
      await tx.query('INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, $3)', [id, userId, role]);
    }
  });
  const settings: Settings = {
    id,
    clinicId: id,
    name: `Clinic ${tag}`,
    timeZone: 'Africa/Tunis',
    languages: ['fr', 'ar', 'en'],
    ticketPrefix: '',
    defaultConsultationMinutes: 15,
    selfCheckIn: true,
    display: 'tickets',
    retentionDays: 90,
    ...SETTINGS_DEFAULTS,
    updatedAt: now,
  };
  const doctors: Doctor[] = [
    { id: 'doc-1', clinicId: id, name: 'Dr One', room: '1', active: true, ...DOCTOR_DEFAULTS, updatedAt: now },
    { id: 'doc-2', clinicId: id, name: 'Dr Two', room: '2', active: true, ...DOCTOR_DEFAULTS, updatedAt: now },
  ];
  await pushDocs(db, id, 'settings', [{ newDocumentState: { ...settings, _deleted: false } }]);
  await pushDocs(
    db,
    id,
    'doctors',
    doctors.map((d) => ({ newDocumentState: { ...d, _deleted: false } })),
  );
  return { id, emails, doctors };
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON over real HTTP. */
// biome-ignore lint/suspicious/noExplicitAny: Tests read whatever JSON a route answers and assert on it; typing each body would restate the schemas.
export async function api<T = any>(
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const res = await fetch(base + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      'x-doctorq-schema': String(SCHEMA_VERSION),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: (json && text ? JSON.parse(text) : text || null) as T, headers: res.headers };
}

export async function login(base: string, email: string, device?: { kind: 'reception' | 'display'; name: string }): Promise<Grant> {
  const r = await api<Grant>(base, '/api/auth/login', { body: { email, password: PASSWORD, ...(device ? { device } : {}) } });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Polls until `check` passes or the time is up (real replication takes real time). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000, stepMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}
