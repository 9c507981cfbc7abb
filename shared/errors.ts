// The error codes the server answers with, and the one reader of its error
// bodies for every page. Every refused request answers
// `{ "error": { "code", "message", "issues"? } }` (docs/api.md); the code is
// what a page decides on, the message is the server's own words (a plan limit
// names the plan). Plain TypeScript, no zod: the patient, check-in and display
// pages read errors too and must stay small.

/** Every code the server sends in an error body. The server's HttpError only takes these. */
export const ERROR_CODES = [
  // Any route
  'invalid_body',
  'invalid_query',
  'invalid_json',
  'too_large',
  'too_deep',
  'bad_request',
  'request_timeout',
  'not_found',
  'internal',
  'rate_limited',
  'conflict',
  'forbidden',
  // Tokens and sessions
  'unauthenticated',
  'token_expired',
  'revoked',
  'bad_credentials',
  'no_clinic',
  'device_not_allowed',
  'invalid_refresh',
  'invalid_code',
  'invalid_token',
  // Replication
  'client_outdated',
  'invalid_document',
  'wrong_clinic',
  'unknown_collection',
  // Sign-up, setup, subscription, operator
  'clinic_suspended',
  'plan_limit',
  'storage_quota',
  'email_taken',
  'email_unverified',
  'already_verified',
  'already_member',
  'last_owner',
  'unknown_plan',
  'duplicate_reference',
  // Web Push opt-in: the endpoint is (or resolves to) a non-public address
  'push_endpoint_refused',
  // Self check-in
  'checkin_closed',
  'unknown_doctor',
  /** A check-in from afar while the clinic is closed; the body carries `next`, the next opening (epoch ms, or null). */
  'clinic_closed',
  // A patient's actions from the ticket page
  'not_allowed',
  'last_in_queue',
  // Online booking
  /** The clinic takes no bookings from the public page (Settings.booking.online off, or suspended). */
  'booking_closed',
  /** The slot was taken meanwhile (or has passed): the page shows the free ones again. */
  'slot_taken',
  /** No slot of that doctor starts then on a bookable day. */
  'not_a_slot',
  /** This phone already holds the most live bookings the page allows (shared/online-booking.ts). */
  'too_many_bookings',
  // Payment webhooks
  'invalid_signature',
  'invalid_event',
  // An owner's branches: the account holds MAX_BRANCHES_PER_ACCOUNT clinics already; a device signed in by a
  // member of several clinics that named none (the issues list them: path ['clinicId', id], message its name)
  'branch_limit',
  'choose_clinic',
  // Closing a clinic (shared/closing.ts)
  /** The clinic was closed by its owner: no sign-in, device, sync or write (403). Not `clinic_closed`, which is the opening hours'. */
  'clinic_account_closed',
  /** The name typed to confirm a close is not the clinic's (400). */
  'confirm_mismatch',
  /** The clinic is closed already (409). */
  'already_closed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The access token ran out: refresh it and try again. */
export const TOKEN_EXPIRED_CODE = 'token_expired' satisfies ErrorCode;
/** The session or device was revoked: stop, keep local data. */
export const REVOKED_CODE = 'revoked' satisfies ErrorCode;
/** No valid credential at all. */
export const UNAUTHENTICATED_CODE = 'unauthenticated' satisfies ErrorCode;
/** The sync refuses new changes from a suspended clinic with this code (403). */
export const SUSPENDED_CODE = 'clinic_suspended' satisfies ErrorCode;
/** Refused because the clinic's owner closed it (403): nothing of it works any more. */
export const ACCOUNT_CLOSED_CODE = 'clinic_account_closed' satisfies ErrorCode;
/** An action the clinic's plan does not allow (403). */
export const PLAN_LIMIT_CODE = 'plan_limit' satisfies ErrorCode;
/** A push that would store more document bytes than the clinic's plan allows (403): delete or change plan. */
export const STORAGE_QUOTA_CODE = 'storage_quota' satisfies ErrorCode;
/**
 * A pushed document the server will never take as it is: invalid, over a
 * plan limit or a quota, another clinic's. The tablet sets it aside for the
 * receptionist and syncs everything else (client/db/set-aside.ts). Any 422 is
 * such a refusal too, whatever its code. A suspension is not: it ends.
 */
export const REFUSED_DOCUMENT_CODES: readonly string[] = [
  'invalid_document',
  'plan_limit',
  'wrong_clinic',
  'too_large',
  'too_deep',
  'storage_quota',
] satisfies ErrorCode[];
export const refusedForGood = (status: number, code: string | undefined): boolean =>
  status === 422 || (status >= 400 && status < 500 && code !== undefined && REFUSED_DOCUMENT_CODES.includes(code));

/** The owner's email was verified already (409): nothing to resend. */
export const ALREADY_VERIFIED_CODE = 'already_verified' satisfies ErrorCode;

/** A field the server refused: `path[0]` names the body's field. */
export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

/** What a page knows of a refusal: the server's code (or one a page adds, e.g. `offline`), its message and issues. */
export interface ApiError {
  code: string;
  message?: string;
  issues?: ErrorIssue[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isIssue = (v: unknown): v is ErrorIssue =>
  isRecord(v) &&
  typeof v.message === 'string' &&
  Array.isArray(v.path) &&
  v.path.every((p) => typeof p === 'string' || typeof p === 'number');

/**
 * The error in a parsed JSON body, or null when the body is not an error body
 * (a proxy's HTML page, a half-read answer). A malformed `message` or
 * `issues` makes the whole body unreadable, as an unknown shape would.
 */
export function parseErrorBody(body: unknown): ApiError | null {
  if (!isRecord(body) || !isRecord(body.error)) return null;
  const { code, message, issues } = body.error;
  if (typeof code !== 'string') return null;
  if (message !== undefined && typeof message !== 'string') return null;
  if (issues !== undefined && !(Array.isArray(issues) && issues.every(isIssue))) return null;
  return {
    code,
    ...(message === undefined ? {} : { message }),
    ...(issues === undefined ? {} : { issues: issues.map((i) => ({ path: [...i.path], message: i.message })) }),
  };
}

/** Reads a refused response's error body; null when it has none (it is read once: pass a clone to read it again). */
export async function readErrorBody(res: { json(): Promise<unknown> }): Promise<ApiError | null> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return null;
  }
  return parseErrorBody(body);
}

/** The body the server sends for an error. */
export function errorBody(
  code: ErrorCode,
  message: string,
  issues?: unknown[],
): { error: { code: ErrorCode; message: string; issues?: unknown[] } } {
  return { error: issues ? { code, message, issues } : { code, message } };
}
