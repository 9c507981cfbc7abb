// The operator portal's key set, apart from the owner's and the reception's so
// no page carries another's words. Every language implements all of it: a
// missing or stray key does not compile. Functions take values already
// formatted for the locale, so each language keeps its own word order.
import type { StaffRole } from '../../../shared/auth.ts';
import type { OperatorStatusFilter } from '../../../shared/saas.ts';
import type { EntryStatus, Language } from '../../../shared/schemas.ts';

type DisplayModeName = 'tickets' | 'tickets_and_doctor';
type PaymentMethod = 'manual' | 'provider';

export interface OperatorMessages {
  appTitle: string;
  language: string;
  loading: string;
  loadFailed: string;
  retry: string;
  cancel: string;
  none: string;
  never: string;
  yes: string;
  no: string;

  signInTitle: string;
  signInIntro: string;
  email: string;
  password: string;
  signIn: string;
  signingIn: string;
  signOut: string;
  signedInAs: (name: string) => string;
  sessionEnded: string;

  errBadCredentials: string;
  errRateLimited: string;
  errOffline: string;
  errServer: string;
  errInvalid: string;
  errPlanLimit: string;
  errUnknownPlan: string;
  errDuplicateReference: string;
  errNotFound: string;

  clinicsTitle: string;
  search: string;
  searchHint: string;
  statusFilter: string;
  allStatuses: string;
  /** A subscription status, or closed by its owner. */
  statuses: Record<OperatorStatusFilter, string>;
  clinic: string;
  status: string;
  plan: string;
  owner: string;
  visitsThisMonth: string;
  activeDevices: string;
  lastActivity: string;
  noClinics: string;
  notComputed: string;
  /** "used of limit", e.g. "1 204 / 2 500". */
  ofLimit: (used: string, limit: string) => string;
  pages: string;
  pageRange: (from: string, to: string, total: string) => string;
  previous: string;
  next: string;

  backToList: string;
  subscriptionTitle: string;
  since: (date: string) => string;
  trialEnds: string;
  paidUntil: string;
  perMonth: (price: string) => string;

  usageTitle: string;
  usageMonth: (month: string) => string;
  visits: string;
  devices: string;
  doctors: string;
  sms: string;
  pushes: string;
  storage: string;
  lastSync: string;
  asOf: (dateTime: string) => string;
  usageNotComputed: string;

  settingsTitle: string;
  clinicName: string;
  timeZone: string;
  languages: string;
  languageNames: Record<Language, string>;
  ticketPrefix: string;
  defaultMinutes: string;
  selfCheckIn: string;
  display: string;
  displayModes: Record<DisplayModeName, string>;
  retentionDays: string;
  createdAt: string;
  emailVerified: string;
  setupCompleted: string;
  noSettings: string;

  countsTitle: string;
  staff: string;
  /** Plural: the counts card's labels. */
  staffCounts: Record<StaffRole, string>;
  revokedDevices: string;
  visitsAllTime: string;

  paymentsTitle: string;
  paidAt: string;
  amount: string;
  months: string;
  method: string;
  methods: Record<PaymentMethod, string>;
  reference: string;
  noPayments: string;

  actionsTitle: string;
  changePlan: string;
  newPlan: string;
  applyPlan: string;
  changeStatus: string;
  newStatus: string;
  note: string;
  noteHint: string;
  applyStatus: string;
  suspendTitle: (clinic: string) => string;
  suspendPoints: string[];
  confirmSuspend: string;
  recordPayment: string;
  amountTnd: string;
  monthsPaid: string;
  record: string;
  planChanged: (plan: string) => string;
  statusChanged: (status: string) => string;
  /** months: monthsCount's words. */
  paymentRecorded: (amount: string, months: string) => string;

  auditTitle: string;
  when: string;
  who: string;
  action: string;
  device: string;
  details: string;
  system: string;
  /** An operator's name, marked as DoctorQ's staff rather than the clinic's. */
  operatorActor: (name: string) => string;
  byProvider: (provider: string) => string;
  older: string;
  noEvents: string;
  actions: Record<string, string>;
  entryStatuses: Record<EntryStatus, string>;
  /** Singular: the role given in an audit event. */
  roles: Record<StaffRole, string>;
  /** n formatted for the locale, which writes Latin digits in all three languages. */
  monthsCount: (n: string) => string;
  noteSaid: (note: string) => string;
  fieldsLabel: string;
  // Branches grouped by owner (clinics/ClinicTable.tsx)
  /** A group's header: the owner's email and how many of their clinics this page shows (formatted). */
  ownerGroup: (email: string, n: string) => string;
  noOwner: string;

  /** A clinic its owner closed: when, and when the rest of its data is deleted. */
  closedOn: (date: string) => string;
  purgeOn: (date: string) => string;
}
