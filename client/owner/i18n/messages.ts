// The owner area's key set, separate from the reception's so neither page
// carries the other's words. Every language implements all of it: a missing
// or stray key does not compile. Functions take values already formatted for
// the locale, so each language keeps its own word order.
import type { StaffRole, DeviceKind } from '../../../shared/auth.ts';
import type { EntryStatus } from '../../../shared/schemas.ts';
import type { ClinicStatus } from '../../../shared/saas.ts';

export type DisplayModeName = 'tickets' | 'tickets_and_doctor';
export type TicketPaperName = '58mm' | '80mm' | 'a6' | 'a4';

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
  /** "Forgot your password?": the link, its screen, and what it answers (the same whether or not an account has the address). */
  noClinicOwned: string;
  /** On the sign-in page: the way to the sign-up page. */
  newClinic: string;
  createAccount: string;
  errPlanLimit: string;
  errSuspended: string;
  errEmailUnverified: string;

  clinic: string;
  sections: string;
  tabReports: string;
  tabAdmin: string;
  tabAudit: string;
  tabSetup: string;
  tabSubscription: string;

  verifying: string;
  verified: string;
  verifyInvalid: string;
  /** The link could not be checked (offline, server error): it stays in the address for a reload. */
  verifyFailed: string;

  setupUnfinished: string;
  continueSetup: string;
  setupTitle: string;
  setupIntro: string;
  setupProgress: (done: string, total: string) => string;
  stepDone: string;
  stepTodo: string;
  stepEmail: string;
  emailVerifiedText: string;
  emailPendingText: string;
  resendLink: string;
  linkResent: string;
  stepDoctors: string;
  stepDoctorsText: string;
  stepHours: string;
  stepHoursText: string;
  closed: string;
  opens: string;
  closes: string;
  /** Labels of one span's fields: the day and the span's number. */
  opensOn: (day: string, n: string) => string;
  closesOn: (day: string, n: string) => string;
  removeSpan: (day: string, n: string) => string;
  addSpan: string;
  copyDayBefore: string;
  errSpan: string;
  stepSeries: string;
  stepSeriesText: string;
  prefixLabel: string;
  /** Tickets of the first two tablets with the prefix as typed. */
  seriesExample: (first: string, second: string) => string;
  /** The phone check-in's own series letter. */
  seriesSelfCheckIn: (letter: string) => string;
  stepQr: string;
  stepQrText: string;
  stepTablet: string;
  stepTabletText: string;
  tabletHowTo: string;
  createCode: string;
  createAnotherCode: string;
  enrolmentCode: string;
  codeExpiresIn: (time: string) => string;
  codeExpired: string;
  codeQrLabel: string;
  codeQrHint: string;
  devicesEnrolled: (n: string) => string;
  tabletEnrolled: string;
  stepFinish: string;
  finishText: (left: string) => string;
  finishAllDone: string;
  finishSetup: string;
  setupComplete: string;
  seeReports: string;

  subscriptionTitle: string;
  plan: string;
  perMonth: (price: string) => string;
  free: string;
  statusNames: Record<ClinicStatus, string>;
  statusSince: (date: string) => string;
  trialEndsOn: (date: string) => string;
  paidUntil: (date: string) => string;
  pastDueMeaning: string;
  suspendedMeaning: string;
  usage: string;
  usageTitle: (month: string) => string;
  usageAsOf: (at: string) => string;
  usageNotMeasured: string;
  usageOf: (used: string, limit: string) => string;
  usageVisits: string;
  usageVisitsNote: string;
  usageDevices: string;
  usageDoctors: string;
  usageSms: string;
  usageSmsNote: string;
  usagePushes: string;
  usageStorage: string;
  usageLastSync: string;
  usageLastActivity: string;
  bannerPastDue: string;
  bannerSuspended: string;
  seeSubscription: string;

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
  appointmentsTitle: string;
  kpiBookedVisits: string;
  kpiWalkInVisits: string;
  kpiOnlineBookings: string;
  /** Median of arrival minus slot start: negative is early. */
  kpiPunctuality: string;
  kpiWithinWindow: string;
  kpiBookedNoShowRate: string;
  /** Under the punctuality tiles: how many booked arrivals the figure rests on. */
  basedOnArrivals: (n: string) => string;
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
  errAlreadyMember: string;
  inviteTitle: string;
  inviteIntro: string;
  invite: string;
  invited: (email: string) => string;
  invitationsTitle: string;
  expiresOn: string;
  invitedBy: string;
  cancelInvitation: string;
  staffActions: string;
  roleOf: (name: string) => string;
  roleChanged: (name: string) => string;
  sendReset: string;
  resetSent: (name: string) => string;
  removeMember: string;
  removeTitle: (name: string) => string;
  removeText: string;
  confirmRemove: string;
  errLastOwner: string;
  myPasswordTitle: string;
  currentPassword: string;
  newPassword: string;
  newPasswordHint: string;
  changePassword: string;
  passwordChanged: string;
  errWrongPassword: string;
  acceptTitle: (clinic: string) => string;
  acceptIntro: (role: string, email: string) => string;
  acceptNewAccount: string;
  acceptExistingAccount: string;
  accept: string;
  accepted: (clinic: string) => string;
  openApp: string;
  linkChecking: string;
  linkInvalid: string;
  linkFailed: string;
  resetTitle: string;
  resetSubmit: string;
  resetDone: string;

  devicesTitle: string;
  devicesIntro: string;
  doctorScreenTitle: string;
  doctorScreenIntro: string;
  doctorScreenDoctor: string;
  doctorScreenHowTo: string;
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
  /** The revoke dialog's choice: a stolen tablet's ticket links stop too. */
  revokeStolen: string;
  revokeStolenHint: string;
  /** A button: revoke every device not seen for `days` days. */
  revokeUnseen: (days: number) => string;
  revokeUnseenTitle: (days: number) => string;
  revokeUnseenText: string;
  revokeUnseenDone: (n: number) => string;

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
  requireHere: string;
  requireHereHint: string;
  display: string;
  displayModes: Record<DisplayModeName, string>;
  retentionDays: string;
  retentionHint: string;
  /** Printed tickets: printed after every registration without a tap, and on which paper. */
  alwaysPrint: string;
  ticketPaper: string;
  ticketPapers: Record<TicketPaperName, string>;
  /** The tablets' window of past days (GET/PUT /window). */
  windowPastDays: string;
  windowPastDaysHint: (max: number) => string;

  auditTitle: string;
  when: string;
  who: string;
  action: string;
  target: string;
  device: string;
  details: string;
  system: string;
  /** A DoctorQ operator's action, by name. */
  operator: (name: string) => string;
  older: string;
  noEvents: string;
  actions: Record<string, string>;
  statuses: Record<EntryStatus, string>;
  fieldsLabel: string;
  /** Document fields named in the audit log, per collection; a field missing here shows as the documents spell it. */
  fieldNames: Record<'entries' | 'doctors' | 'settings', Record<string, string>>;

  // An owner's branches (client/owner/branches/)
  tabBranches: string;
  branchAddTitle: string;
  branchAddIntro: string;
  branchName: string;
  branchTimeZone: string;
  branchLanguages: string;
  branchAdd: string;
  branchesTableTitle: string;
  branch: string;
  branchSeen: string;
  branchNoShows: string;
  branchWaitMean: string;
  branchesTotal: string;
  /** Why the total row has no median. */
  branchesTotalNote: string;
  doctorsAcrossTitle: string;
  /** The matching rule of shared/branches.ts doctorKey(), in words. */
  doctorsAcrossRule: string;
  consultationMean: string;
  branches: string;
  /** A doctor's consultations in one branch: name and count, formatted. */
  doctorInBranch: (branch: string, n: string) => string;
  errBranchLimit: string;
  /** Closing the clinic (admin/CloseClinicSection.tsx). */
  closeTitle: string;
  closeIntro: string;
  /** What happens, one sentence each. */
  closePoints: string[];
  closeExportHint: string;
  closeExport: string;
  closeConfirmLabel: (clinic: string) => string;
  closeNameDiffers: string;
  closeSubmit: string;
  closing: string;
  errCloseMismatch: string;
  errAlreadyClosed: string;
  /** Sign-in refused: the person's only clinic (or the one asked for) was closed. */
  errClinicAccountClosed: string;
  /** The exports (reports/ExportPanel.tsx) and how the audit log names them. */
  exportTitle: string;
  exportVisitsIntro: string;
  exportNames: string;
  exportNamesWarning: string;
  exportVisitsCsv: string;
  exportVisitsJson: string;
  exportClinicIntro: string;
  exportClinic: string;
  exportRows: (n: string) => string;
  exportRowsOf: (n: string, total: string) => string;
  exportWithNames: string;
  exportWithoutNames: string;
}
