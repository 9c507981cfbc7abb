// The API's paths, for the pages that call them and the tests that check them
// (docs/api.md has each route). Plain strings: every page may import this.

export const AUTH_LOGIN_PATH = '/api/auth/login';
export const AUTH_ENROL_PATH = '/api/auth/enrol';
export const AUTH_REFRESH_PATH = '/api/auth/refresh';
export const AUTH_LOGOUT_PATH = '/api/auth/logout';

export const OPERATOR_LOGIN_PATH = '/api/operator/login';
export const OPERATOR_LOGOUT_PATH = '/api/operator/logout';

export const PLANS_PATH = '/api/plans';
export const SIGNUP_PATH = '/api/signup';
export const SIGNUP_VERIFY_PATH = '/api/signup/verify';

/** `/api/checkin/v1/<clinic id>`: the self check-in form's clinic, and where it posts. */
export const checkinPath = (clinicId: string) => `/api/checkin/v1/${encodeURIComponent(clinicId)}`;

/** The patient phones' and displays' stream (the projection without personal data). */
export const PUBLIC_STREAM_PATH = '/api/queue/v1/stream';
/** Web Push opt-in with a ticket link: `/key`, `/subscription`. */
export const PUSH_BASE_PATH = '/api/queue/v1/push';

/** A patient's own actions with their ticket link (running late, let pass, cancel, I'm here): `/action`. */
export const TICKET_BASE_PATH = '/api/queue/v1/ticket';
export const TICKET_ACTION_PATH = `${TICKET_BASE_PATH}/action`;

/** The replication protocol's version, in its paths. */
export const PROTOCOL = 'v1';
export const SYNC_BASE = `/api/sync/${PROTOCOL}`;
/** One stream per device, carrying every collection. */
export const SYNC_STREAM_PATH = `${SYNC_BASE}/stream`;
/** The reception says it is there, so its patients' phones know the queue is current. */
export const SYNC_ALIVE_PATH = `${SYNC_BASE}/alive`;
export const pullPath = (collection: string) => `${SYNC_BASE}/${collection}/pull`;
export const pushPath = (collection: string) => `${SYNC_BASE}/${collection}/push`;

/** The owner's exports (docs/api.md, "Exports"): a period's visits, and the whole clinic. */
export const visitsExportPath = (clinicId: string, format: 'csv' | 'json') =>
  `/api/owner/clinics/${encodeURIComponent(clinicId)}/visits.${format}`;
export const clinicExportPath = (clinicId: string) => `/api/owner/clinics/${encodeURIComponent(clinicId)}/export.jsonl`;
/** The rows (lines) a streamed export will hold, sent before them so a page can show its progress. */
export const ROWS_HEADER = 'x-doctorq-rows';
/** The public booking page's routes (server/public/booking.ts). */
export const BOOKING_BASE_PATH = '/api/book/v1';
/** Free slots of a clinic's doctors for the next days: `?from=<day>&days=<n>`. */
export const bookingSlotsPath = (clinicId: string) => `${BOOKING_BASE_PATH}/${encodeURIComponent(clinicId)}/slots`;
/** Where the booking page posts a booking. */
export const bookingsPath = (clinicId: string) => `${BOOKING_BASE_PATH}/${encodeURIComponent(clinicId)}/appointments`;
/** The booking its confirmation link names (the link as Bearer): read it, `/cancel`, `/move`. */
export const BOOKING_APPOINTMENT_PATH = `${BOOKING_BASE_PATH}/appointment`;
