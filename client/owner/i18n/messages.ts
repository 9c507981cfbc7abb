// The owner area's key set, separate from the reception's so neither page
// carries the other's words. Every language implements all of it: a missing
// or stray key does not compile. Functions take values already formatted for
// the locale, so each language keeps its own word order.
import type { StaffRole, DeviceKind } from '../../../shared/auth.ts';
import type { EntryStatus } from '../../../shared/schemas.ts';

export type DisplayModeName = 'tickets' | 'tickets_and_doctor';

export interface OwnerMessages {
  appTitle: string;
  language: string;
  loading: string;
  loadFailed: string;
  retry: string;
  save: string;
  saving: string;
  saved: string;
  cancel: string;
  errInvalid: string;
  errConflict: string;

  signInTitle: string;
  signInIntro: string;
  email: string;
  password: string;
  signIn: string;
  signingIn: string;
  signOut: string;
  sessionEnded: string;
  errBadCredentials: string;
  errRateLimited: string;
  errOffline: string;
  errServer: string;
  noClinicOwned: string;

  clinic: string;
  sections: string;
  tabReports: string;
  tabAdmin: string;
  tabAudit: string;

  period: string;
  lastDays: (n: string) => string;
  from: string;
  to: string;
  errRange: string;
  noVisits: string;
  exportCsv: string;
  exporting: string;
  errExport: string;

  kpiVisits: string;
  kpiWaitMedian: string;
  kpiWaitP90: string;
  kpiNoShowRate: string;
  kpiCancelRate: string;
  kpiSelfCheckIn: string;
  /** Under the wait tiles: how many calls the figure rests on. */
  basedOnCalls: (n: string) => string;
  none: string;

  showTable: string;
  day: string;
  total: string;
  seen: string;
  noShow: string;
  cancelled: string;
  /** Visits of the range not finished yet (today's waiting patients). */
  inProgress: string;
  perDayTitle: string;
  perDaySummary: (visits: string, from: string, to: string, peak: string, peakDay: string) => string;

  consultationTitle: string;
  doctor: string;
  consultations: string;
  median: string;
  p90: string;
  unassigned: string;
  consultationItem: (doctor: string, median: string, p90: string) => string;

  busyTitle: string;
  busyIntro: string;
  weekday: string;
  visitsAt: (n: string, weekday: string, hour: string) => string;

  staffTitle: string;
  name: string;
  role: string;
  roles: Record<StaffRole, string>;
  addedOn: string;
  addStaffTitle: string;
  initialPassword: string;
  passwordHint: string;
  addStaff: string;
  staffAdded: (name: string) => string;
  errAlreadyMember: string;

  devicesTitle: string;
  devicesIntro: string;
  noDevices: string;
  kind: string;
  kinds: Record<DeviceKind, string>;
  series: string;
  enrolledOn: string;
  lastSeen: string;
  status: string;
  active: string;
  revokedOn: (date: string) => string;
  never: string;
  revoke: string;
  revokeTitle: (device: string) => string;
  revokeText: string;
  confirmRevoke: string;

  doctorsTitle: string;
  room: string;
  activeDoctor: string;
  addDoctorTitle: string;
  addDoctor: string;
  noDoctors: string;

  settingsTitle: string;
  clinicName: string;
  languages: string;
  ticketPrefix: string;
  ticketPrefixHint: string;
  defaultMinutes: string;
  selfCheckIn: string;
  display: string;
  displayModes: Record<DisplayModeName, string>;
  retentionDays: string;
  retentionHint: string;

  auditTitle: string;
  when: string;
  who: string;
  action: string;
  target: string;
  device: string;
  details: string;
  system: string;
  older: string;
  noEvents: string;
  actions: Record<string, string>;
  statuses: Record<EntryStatus, string>;
  fieldsLabel: string;
}
