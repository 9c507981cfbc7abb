// The permission table: one row per route and stream of the app, who may call
// it and the limits it has. docs/security.md shows it (renderPermissionTable(),
// checked by permissions.test.ts, which also calls every row with every kind
// of credential, and fails when a route file declares a route without a row).

/** The kinds of caller, in the table's column order. */
export const CREDENTIALS = ['owner', 'receptionist', 'doctor', 'reception', 'room', 'display', 'ticket', 'operator', 'anonymous'] as const;
export type Credential = (typeof CREDENTIALS)[number];

export const CREDENTIAL_TITLES: Record<Credential, string> = {
  owner: 'Owner person',
  receptionist: 'Receptionist person',
  doctor: 'Doctor person',
  reception: 'Reception device',
  room: 'Doctor device',
  display: 'Display device',
  ticket: 'Patient ticket',
  operator: 'Operator',
  anonymous: 'Anonymous',
};

export interface RouteRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The full path, Express-style parameters. */
  path: string;
  /** Where the route is declared (file, and the path as written there); null for what no route file declares. */
  source: { file: string; route: string } | null;
  /** Who passes the trust boundary (then the route may still refuse for its own reasons: 400, 404, 409, plan limits). */
  who: readonly Credential[];
  /** Body size limit. */
  body: string;
  /** Rate limit, if any. */
  rate: string;
  /** A Server-Sent Events stream. */
  stream?: boolean;
  note?: string;
}

const EVERYONE = CREDENTIALS;
const STAFF_TOKENS = ['owner', 'receptionist', 'doctor', 'reception', 'room', 'display'] as const;
/** A doctor device ('room') replicates visits without their phone numbers (shared/doctor-copy.ts). */
const REPLICATORS = ['owner', 'receptionist', 'doctor', 'reception', 'room'] as const;
const PERSONS = ['owner', 'receptionist', 'doctor'] as const;
const OWNER = ['owner'] as const;
const OPERATOR = ['operator'] as const;
const TICKET = ['ticket'] as const;

const JSON_BODY = '1 MB JSON';
const NO_BODY = '-';
const LOGIN_RATE = 'LOGIN_RATE_LIMIT_PER_MINUTE per IP';
const READ_RATE = 'PUBLIC_READ_RATE_LIMIT_PER_IP per IP';

const owner = (method: RouteRow['method'], route: string, file = 'server/owner/routes.ts'): RouteRow => ({
  method,
  path: `/api/owner${route}`,
  source: { file, route },
  who: route === '/clinics' ? PERSONS : OWNER,
  body: method === 'GET' || method === 'DELETE' ? NO_BODY : JSON_BODY,
  rate: '-',
  ...(route === '/clinics' ? { note: 'lists the clinics the person owns (none for other roles)' } : {}),
});
const staff = (method: RouteRow['method'], route: string, rate = '-'): RouteRow => ({
  ...owner(method, route, 'server/owner/staff-routes.ts'),
  rate,
});
const account = (route: string, who: readonly Credential[], note: string): RouteRow => ({
  method: 'POST',
  path: `/api/auth${route}`,
  source: { file: 'server/auth/account-routes.ts', route },
  who,
  body: JSON_BODY,
  rate: `${LOGIN_RATE} (counted apart from sign-in)`,
  note,
});
const setup = (method: RouteRow['method'], route: string) => owner(method, route, 'server/owner/setup-routes.ts');

const operator = (method: RouteRow['method'], route: string): RouteRow => ({
  method,
  path: `/api/operator${route}`,
  source: { file: 'server/operator/routes.ts', route },
  who: OPERATOR,
  body: method === 'GET' ? NO_BODY : JSON_BODY,
  rate: '-',
});

const SYNC = '/api/sync/v1';

export const PERMISSIONS: readonly RouteRow[] = [
  // Probes
  { method: 'GET', path: '/healthz', source: { file: 'server/app.ts', route: '/healthz' }, who: EVERYONE, body: NO_BODY, rate: '-' },
  { method: 'GET', path: '/readyz', source: { file: 'server/app.ts', route: '/readyz' }, who: EVERYONE, body: NO_BODY, rate: '-' },
  {
    method: 'GET',
    path: '/metrics',
    source: { file: 'server/app.ts', route: '/metrics' },
    who: [],
    body: NO_BODY,
    rate: '-',
    note: 'with METRICS_TOKEN set, only that token (no staff, ticket or operator token); without it, anyone',
  },
  // Sign-in (the credential is in the body)
  ...(['/login', '/enrol', '/refresh'] as const).map(
    (route): RouteRow => ({
      method: 'POST',
      path: `/api/auth${route}`,
      source: { file: 'server/auth/routes.ts', route },
      who: EVERYONE,
      body: JSON_BODY,
      rate: LOGIN_RATE,
      ...(route === '/login'
        ? { note: 'signing in with `device` enrols a device: owner or receptionist (a doctor: a doctor device), clinic email verified' }
        : {}),
      ...(route === '/enrol' ? { note: 'one-time code: its maker still owner or receptionist, clinic email verified' } : {}),
    }),
  ),
  {
    method: 'POST',
    path: '/api/auth/logout',
    source: { file: 'server/auth/routes.ts', route: '/logout' },
    who: EVERYONE,
    body: JSON_BODY,
    rate: '-',
    note: 'revokes the session whose refresh token is in the body',
  },
  // Sign-up
  {
    method: 'GET',
    path: '/api/plans',
    source: { file: 'server/signup/routes.ts', route: '/plans' },
    who: EVERYONE,
    body: NO_BODY,
    rate: '-',
  },
  {
    method: 'POST',
    path: '/api/signup',
    source: { file: 'server/signup/routes.ts', route: '/signup' },
    who: EVERYONE,
    body: JSON_BODY,
    rate: 'SIGNUP_RATE_LIMIT_PER_HOUR per IP',
  },
  {
    method: 'POST',
    path: '/api/signup/verify',
    source: { file: 'server/signup/routes.ts', route: '/signup/verify' },
    who: EVERYONE,
    body: JSON_BODY,
    rate: '-',
    note: 'the one-time token in the body is the credential',
  },
  // Owner area: a person's session, owner of the clinic in the path
  owner('GET', '/clinics'),
  owner('GET', '/clinics/:clinicId/reports'),
  owner('GET', '/clinics/:clinicId/reports.csv'),
  owner('GET', '/clinics/:clinicId/staff'),
  owner('GET', '/clinics/:clinicId/devices'),
  owner('DELETE', '/clinics/:clinicId/devices/:deviceId'),
  owner('POST', '/clinics/:clinicId/devices/revoke-unseen'),
  owner('GET', '/clinics/:clinicId/audit'),
  owner('GET', '/clinics/:clinicId/settings'),
  owner('GET', '/clinics/:clinicId/doctors'),
  owner('PATCH', '/clinics/:clinicId/settings'),
  owner('PUT', '/clinics/:clinicId/doctors/:doctorId'),
  owner('GET', '/clinics/:clinicId/hours'),
  owner('PUT', '/clinics/:clinicId/hours'),
  setup('GET', '/clinics/:clinicId/subscription'),
  setup('GET', '/clinics/:clinicId/setup'),
  setup('POST', '/clinics/:clinicId/setup/complete'),
  setup('GET', '/clinics/:clinicId/window'),
  setup('PUT', '/clinics/:clinicId/window'),
  setup('POST', '/clinics/:clinicId/verification'),
  setup('POST', '/clinics/:clinicId/enrolment-codes'),
  // Replication
  {
    method: 'GET',
    path: `${SYNC}/stream`,
    source: { file: 'server/sync/stream-routes.ts', route: '/api/sync/v1/stream' },
    who: REPLICATORS,
    body: NO_BODY,
    rate: '-',
    stream: true,
  },
  {
    method: 'GET',
    path: `${SYNC}/:collection/pull`,
    source: { file: 'server/sync/routes.ts', route: '/api/sync/v1/:collection/pull' },
    who: REPLICATORS,
    body: NO_BODY,
    rate: '-',
  },
  {
    method: 'POST',
    path: `${SYNC}/:collection/push`,
    source: { file: 'server/sync/routes.ts', route: '/api/sync/v1/:collection/push' },
    who: REPLICATORS,
    body: JSON_BODY,
    rate: '-',
  },
  {
    method: 'POST',
    path: `${SYNC}/alive`,
    source: { file: 'server/sync/routes.ts', route: '/api/sync/v1/alive' },
    who: REPLICATORS,
    body: JSON_BODY,
    rate: '-',
    note: "the reception is there: a memory write, its clinic's phones stop saying the queue may be behind",
  },
  // Registration: returning patients (names and phones, so whoever may replicate them; the clinic is the token's)
  {
    method: 'GET',
    path: '/api/reception/v1/returning',
    source: { file: 'server/reception/returning-routes.ts', route: '/returning' },
    who: REPLICATORS,
    body: NO_BODY,
    rate: '60 per minute per session',
    note: 'the clinic of the token; fewer than 3 characters find nothing; at most 8 suggestions, within the retention period',
  },
  // Public: patients, displays, the check-in form
  {
    method: 'GET',
    path: '/api/queue/v1/stream',
    source: { file: 'server/sync/stream-routes.ts', route: '/api/queue/v1/stream' },
    who: [...STAFF_TOKENS, 'ticket'],
    body: NO_BODY,
    rate: READ_RATE,
    stream: true,
    note: 'the public projection: no names or phones',
  },
  {
    method: 'GET',
    path: '/api/checkin/v1/:clinicId',
    source: { file: 'server/public/routes.ts', route: '/checkin/v1/:clinicId' },
    who: EVERYONE,
    body: NO_BODY,
    rate: READ_RATE,
  },
  {
    method: 'POST',
    path: '/api/checkin/v1/:clinicId',
    source: { file: 'server/public/routes.ts', route: '/checkin/v1/:clinicId' },
    who: EVERYONE,
    body: JSON_BODY,
    rate: 'CHECKIN_RATE_LIMIT_PER_IP per IP and CHECKIN_RATE_LIMIT_PER_CLINIC per clinic',
  },
  {
    method: 'POST',
    path: '/api/tickets/v1/lookup',
    source: { file: 'server/public/routes.ts', route: '/tickets/v1/lookup' },
    who: EVERYONE,
    body: JSON_BODY,
    rate: 'CHECKIN_RATE_LIMIT_PER_IP per IP and CHECKIN_RATE_LIMIT_PER_CLINIC per clinic code',
    note: "a printed ticket's clinic code, number and short code → its link; one answer for every miss",
  },
  // Web Push, from the ticket page
  {
    method: 'GET',
    path: '/api/queue/v1/push/key',
    source: { file: 'server/notify/routes.ts', route: '/key' },
    who: TICKET,
    body: NO_BODY,
    rate: '-',
  },
  ...(['POST', 'DELETE'] as const).map(
    (method): RouteRow => ({
      method,
      path: '/api/queue/v1/push/subscription',
      source: { file: 'server/notify/routes.ts', route: '/subscription' },
      who: TICKET,
      body: JSON_BODY,
      rate: 'CHECKIN_RATE_LIMIT_PER_IP per IP and CHECKIN_RATE_LIMIT_PER_CLINIC per clinic',
    }),
  ),
  // A patient's own actions, from the ticket page
  {
    method: 'POST',
    path: '/api/queue/v1/ticket/action',
    source: { file: 'server/public/ticket-actions.ts', route: '/action' },
    who: TICKET,
    body: JSON_BODY,
    rate: 'CHECKIN_RATE_LIMIT_PER_IP per IP and 10 a minute per ticket link',
    note: "running late, let others pass, cancel, I'm here: the link's own visit only; audited",
  },
  // The public booking page (server/public/booking.ts)
  {
    method: 'GET',
    path: '/api/book/v1/:clinicId/slots',
    source: { file: 'server/public/booking.ts', route: '/:clinicId/slots' },
    who: EVERYONE,
    body: NO_BODY,
    rate: READ_RATE,
    note: 'free slot times per doctor only (free/busy: never who holds the others); 403 `booking_closed` when the clinic turned online booking off',
  },
  {
    method: 'POST',
    path: '/api/book/v1/:clinicId/appointments',
    source: { file: 'server/public/booking.ts', route: '/:clinicId/appointments' },
    who: EVERYONE,
    body: JSON_BODY,
    rate: 'CHECKIN_RATE_LIMIT_PER_IP per IP, 2 live bookings per phone, ONLINE_BOOKINGS_PER_CLINIC_PER_DAY per clinic',
    note: 'answers the booking link (a capability token of its own: one clinic, one booking, until the slot has passed); audited',
  },
  {
    method: 'GET',
    path: '/api/book/v1/appointment',
    source: { file: 'server/public/booking.ts', route: '/appointment' },
    who: [],
    body: NO_BODY,
    rate: `${READ_RATE} and 10 a minute per booking link`,
    note: "the booking link is the credential (no staff or ticket token): the link's own booking only",
  },
  {
    method: 'POST',
    path: '/api/book/v1/appointment/cancel',
    source: { file: 'server/public/booking.ts', route: '/appointment/cancel' },
    who: [],
    body: JSON_BODY,
    rate: 'CHECKIN_RATE_LIMIT_PER_IP per IP and 10 a minute per booking link',
    note: "the booking link is the credential: the link's own booking only; audited",
  },
  {
    method: 'POST',
    path: '/api/book/v1/appointment/move',
    source: { file: 'server/public/booking.ts', route: '/appointment/move' },
    who: [],
    body: JSON_BODY,
    rate: 'CHECKIN_RATE_LIMIT_PER_IP per IP and 10 a minute per booking link',
    note: "the booking link is the credential: moves its own booking to a free slot, answers the new booking's link; audited",
  },
  // Operator portal
  {
    method: 'POST',
    path: '/api/operator/login',
    source: { file: 'server/operator/routes.ts', route: '/login' },
    who: EVERYONE,
    body: JSON_BODY,
    rate: LOGIN_RATE,
  },
  operator('POST', '/logout'),
  operator('GET', '/plans'),
  operator('GET', '/clinics'),
  operator('GET', '/clinics/:clinicId'),
  operator('GET', '/clinics/:clinicId/audit'),
  operator('PATCH', '/clinics/:clinicId'),
  operator('POST', '/clinics/:clinicId/payments'),
  // Payment provider
  {
    method: 'POST',
    path: '/api/billing/webhook/:provider',
    source: { file: 'server/billing/routes.ts', route: '/webhook/:provider' },
    who: EVERYONE,
    body: '64 KB raw',
    rate: '-',
    note: "the provider's signature over the raw body is the credential",
  },
  // WhatsApp Cloud API webhook (Meta)
  {
    method: 'GET',
    path: '/api/whatsapp/webhook',
    source: { file: 'server/notify/whatsapp-webhook.ts', route: '/webhook' },
    who: [],
    body: NO_BODY,
    rate: 'WHATSAPP_WEBHOOK_RATE_LIMIT_PER_MINUTE per IP',
    note: "Meta's verification handshake: answers hub.challenge only to hub.verify_token = WHATSAPP_VERIFY_TOKEN (403 otherwise)",
  },
  {
    method: 'POST',
    path: '/api/whatsapp/webhook',
    source: { file: 'server/notify/whatsapp-webhook.ts', route: '/webhook' },
    who: [],
    body: '64 KB raw',
    rate: 'WHATSAPP_WEBHOOK_RATE_LIMIT_PER_MINUTE per IP',
    note: "delivery and read receipts; Meta's X-Hub-Signature-256 over the raw body (WHATSAPP_APP_SECRET) is the credential (401 otherwise)",
  },
  // Pages
  {
    method: 'GET',
    path: '/*',
    source: null,
    who: EVERYONE,
    body: NO_BODY,
    rate: '-',
    note: 'the built pages and assets (static files; no data)',
  },
  // Staff accounts (invitations, roles, password resets)
  staff('POST', '/clinics/:clinicId/invitations', 'STAFF_MAILS_PER_HOUR per clinic (with password resets)'),
  staff('GET', '/clinics/:clinicId/invitations'),
  staff('DELETE', '/clinics/:clinicId/invitations/:invitationId'),
  staff('PATCH', '/clinics/:clinicId/staff/:userId'),
  staff('DELETE', '/clinics/:clinicId/staff/:userId'),
  staff('POST', '/clinics/:clinicId/staff/:userId/password-reset', 'STAFF_MAILS_PER_HOUR per clinic (with invitations)'),
  account('/invitation', EVERYONE, 'the one-time link token is the credential'),
  account('/invitation/accept', EVERYONE, 'the link token; an existing account also proves its own password'),
  account('/password-reset', EVERYONE, 'the one-time link token is the credential'),
  account('/password', PERSONS, "a person's own sign-in; needs the current password"),
  {
    method: 'POST',
    path: '/api/auth/password-reset/request',
    source: { file: 'server/auth/account-routes.ts', route: '/password-reset/request' },
    who: EVERYONE,
    body: JSON_BODY,
    rate: '20 per IP and 3 per email address (trimmed, lower case) per hour',
    note: 'the same 202 whether or not the address has an account; the link goes to the address',
  },
  // An owner's branches: the clinics come from the person's owner memberships, never from the request
  {
    ...owner('POST', '/clinics', 'server/owner/branch-routes.ts'),
    who: OWNER,
    rate: 'BRANCHES_PER_HOUR (5) per person',
    note: 'a new clinic on the same account: the person owns a clinic, their email is verified, under MAX_BRANCHES_PER_ACCOUNT (20)',
  },
  {
    ...owner('GET', '/reports', 'server/owner/branch-routes.ts'),
    note: 'every clinic the person owns, each under its own row-level security; 403 for a person who owns none',
  },
  // Closing a clinic (issue 19)
  {
    ...owner('POST', '/clinics/:clinicId/close', 'server/owner/close-routes.ts'),
    rate: 'CLOSE_ATTEMPTS_PER_HOUR (10) per clinic and person',
    note: "the clinic's name typed in the body; erases its patients at once, revokes its devices and sessions; 409 once closed",
  },
  // Exports (issue 19): streamed, audited before the first byte, open while suspended
  ...(['/clinics/:clinicId/visits.csv', '/clinics/:clinicId/visits.json', '/clinics/:clinicId/export.jsonl'] as const).map(
    (route): RouteRow => ({
      ...owner('GET', route, 'server/owner/export-routes.ts'),
      rate: '60 per hour per person (EXPORTS_PER_HOUR)',
      note: route.endsWith('.jsonl')
        ? 'every document and the audit log, never a secret (docs/export-format.md); audited'
        : 'at most 366 days; names and phones only with names=1, that choice audited',
    }),
  ),
];

const mark = (row: RouteRow, c: Credential) => (row.who.includes(c) ? 'yes' : 'no');

/** The table as docs/security.md shows it. */
export function renderPermissionTable(rows: readonly RouteRow[] = PERMISSIONS): string {
  const head = ['Method', 'Path', ...CREDENTIALS.map((c) => CREDENTIAL_TITLES[c]), 'Body limit', 'Rate limit', 'Note'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const path = r.stream ? `\`${r.path}\` (stream)` : `\`${r.path}\``;
    lines.push(`| ${[r.method, path, ...CREDENTIALS.map((c) => mark(r, c)), r.body, r.rate, r.note ?? ''].join(' | ')} |`);
  }
  return lines.join('\n');
}
