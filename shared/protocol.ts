// The replication contract, imported by the server routes and the tablet's
// replication. Bump PROTOCOL (in paths.ts) when the wire format changes; bump SCHEMA_VERSION
// when a document schema changes so older tablets get 426 instead of writing
// documents the server no longer understands.
import { z } from 'zod';
import { CollectionName } from './schemas.ts';
import type { ClinicStatus } from './saas.ts';
import { PastDays } from './window.ts';
import { SYNC_STREAM_PATH, pullPath as pull, pushPath as push } from './paths.ts';

export { PROTOCOL, SYNC_BASE } from './paths.ts';
export const SCHEMA_VERSION = 3;
export const SCHEMA_VERSION_HEADER = 'x-doctorq-schema';
/** The server's clock in epoch milliseconds, on every pull and push answer: devices correct their own by it (shared/clock.ts). */
export const SERVER_TIME_HEADER = 'x-doctorq-time';

/** Server sequence number: per clinic, assigned under the clinic lock, so its order is commit order. */
export const Checkpoint = z.object({ seq: z.number().int().min(0) });
export type Checkpoint = z.infer<typeof Checkpoint>;

export const MAX_PULL_LIMIT = 1000;
export const PullQuery = z.object({
  seq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(200),
});

/** A document on the wire carries RxDB's deletion flag. */
export type WireDoc<T> = T & { _deleted: boolean };

/**
 * The window an entries pull was filtered with (shared/window.ts): the clinic's
 * past days, which the tablet purges with. The server derives it from the
 * clinic, never from the request, so a tablet cannot ask for the whole history.
 */
export const PullWindow = z.object({ pastDays: PastDays });
export type PullWindow = z.infer<typeof PullWindow>;

export interface PullResponse<T = Record<string, unknown>> {
  documents: WireDoc<T>[];
  checkpoint: Checkpoint;
  /** On entries pulls only. */
  window?: PullWindow;
}

export const MAX_PUSH_ROWS = 500;
const WireObject = z.looseObject({ _deleted: z.boolean() });
export const PushRow = z.object({
  assumedMasterState: WireObject.optional(),
  newDocumentState: WireObject,
});
export const PushBody = z.array(PushRow).max(MAX_PUSH_ROWS);
export type PushRow = z.infer<typeof PushRow>;

/** Stream frames, sent as Server-Sent Events named by `type`. */
export type StreamEvent =
  | { type: 'changes'; collection: CollectionName; documents: WireDoc<Record<string, unknown>>[]; checkpoint: Checkpoint }
  /** The device must pull from its checkpoints: sent on connect and after any gap. */
  | { type: 'resync' }
  /** The device's access is gone (revoked or expired): stop or refresh, then reconnect. */
  | { type: 'auth'; reason: 'revoked' | 'expired' }
  /** The instance is shutting down: reconnect (to another instance). */
  | { type: 'bye' }
  /** The same session opened more streams than the server keeps: this one, the oldest, is closed. Reconnect after a backoff. */
  | { type: 'replaced' }
  /** The clinic's subscription status: after the resync on connect, and whenever it changes. */
  | { type: 'clinic'; status: ClinicStatus }
  /** Public streams only: the reception went quiet or came back (server/sync/reception-presence.ts). */
  | { type: 'reception'; seenAt: number | null; live: boolean };

export const STREAM_PATH = SYNC_STREAM_PATH;

/** `POST /api/sync/v1/alive`: the reception is there; it pings again after `nextInMs` (server/sync/reception-presence.ts). */
export const AliveAnswer = z.object({ nextInMs: z.number().int().positive() });
export type AliveAnswer = z.infer<typeof AliveAnswer>;

export const pullPath = (c: CollectionName) => pull(c);
export const pushPath = (c: CollectionName) => push(c);

/** Every error response has this shape (the codes: shared/errors.ts). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export { CollectionName };
