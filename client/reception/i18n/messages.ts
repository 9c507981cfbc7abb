// The one key set every language implements: a dictionary missing a key, or
// with a stray one, does not compile. Functions take values already
// formatted for the locale, so word order stays each language's own.
import type { SyncPhase } from '../../db/replication.ts';
import type { CancelReason } from '../../../shared/schemas.ts';

export interface Messages {
  appTitle: string;
  language: string;

  signInTitle: string;
  signInIntro: string;
  email: string;
  password: string;
  deviceName: string;
  deviceNameDefault: string;
  signIn: string;
  signingIn: string;
  errBadCredentials: string;
  errRateLimited: string;
  errOffline: string;
  errDeviceNotAllowed: string;
  errNoClinic: string;
  errServer: string;
  /** "Forgot your password?": the link, its screen, and what it answers (the same whether or not an account has the address). */

  /** The two ways in: the toggle's label and its choices. */
  signInWays: string;
  withPassword: string;
  withCode: string;
  enrolIntro: string;
  enrolCode: string;
  enrol: string;
  enrolling: string;
  errCodeFormat: string;
  errInvalidCode: string;
  /** The server's own words (the plan and its limit) follow. */
  errPlanLimit: string;
  errClinicSuspended: string;
  errEmailUnverified: string;

  opening: string;
  openFailed: string;
  otherTab: string;
  retry: string;
  /** Opens the waiting-room screen in a window of this browser (a second screen, an HDMI TV). */
  localScreen: string;
  localScreenHint: string;

  phase: Record<SyncPhase, string>;
  /** Precedes the count, so no plural forms are needed. */
  pendingLabel: string;
  lastSync: (time: string) => string;
  neverSynced: string;
  signOut: string;
  signOutPending: (n: string) => string;
  signOutAnyway: string;
  keepWorking: string;

  revoked: (n: string) => string;
  /** The pending count is already formatted. */
  suspended: (n: string) => string;
  outdated: string;
  reload: string;
  storageNotPersisted: string;
  dismiss: string;
  updateAvailable: string;
  offlineReady: string;

  doctorTabs: string;
  all: string;
  generalQueue: string;
  room: (room: string) => string;

  registerTitle: string;
  name: string;
  phone: string;
  whatsappOptIn: string;
  optional: string;
  doctor: string;
  anyDoctor: string;
  urgent: string;
  register: string;
  errNameRequired: string;
  errPhoneInvalid: string;
  errSaveFailed: string;

  ticketIssued: string;
  scanToFollow: string;
  /** Prints the patient's ticket (the card's button and each row's). */
  printTicket: string;
  /** The registration's choice of the patient's language (their printed ticket's), the clinic's first. */
  ticketLanguage: string;
  clinicLanguage: (language: string) => string;
  aheadOfYou: (n: string) => string;
  nextInLine: string;
  close: string;

  waitingTitle: string;
  emptyQueue: string;
  waited: (duration: string) => string;
  moveUp: string;
  moveDown: string;
  dragHandle: string;
  call: string;
  noShow: string;
  cancel: string;

  nowServing: string;
  callNext: string;
  nobodyCalled: string;
  called: string;
  inConsultation: string;
  start: string;
  finish: string;

  /** The visits taken out of the queue today (cancelled, no-show), which can be put back. */
  endedTitle: string;
  /** A patient's "running late", with the time formatted. */
  lateUntil: (time: string) => string;
  clearLate: string;
  expectedTitle: string;
  expectedHint: string;
  markArrived: string;
  recall: string;
  /** Puts a cancelled or no-show patient back at their own place. */
  restore: string;
  removed: string;
  reason: Record<CancelReason, string>;

  /** Dialog buttons: never "cancel", which the queue uses for taking a patient out. */
  back: string;
  save: string;
  edit: string;
  editTitle: (ticket: string) => string;
  removeTitle: (ticket: string) => string;
  removeWhy: string;
  removeHint: string;

  /** The card of patients whose doctor is inactive (or was deleted): never lost from the desk. */
  otherDoctors: string;
  doctorUnavailable: string;
  availability: string;
  availabilityTitle: (doctor: string) => string;
  backAt: string;
  backAtTime: (time: string) => string;
  startPause: string;
  resume: string;
  absentToday: string;
  absentHint: string;
  sendPatientsTo: string;
  presentAgain: string;
  errTimeLater: string;

  setAsideTitle: string;
  setAsideIntro: string;
  /** collection: entries | doctors | settings; label: the ticket or name. */
  setAsideWhat: (collection: string, label: string) => string;
  /** The server's refusal code, in words. */
  setAsideReason: (code: string) => string;
  setAsideFix: string;
  setAsideResend: string;
  setAsideDrop: string;
  setAsideInvalid: string;

  /** The doctor's own screen (client/doctor/), which shares this dictionary's sign-in, sync and queue words. */
  doctorScreen: DoctorScreenMessages;

  // A member of several clinics (an owner's branches) signing a device in (ClinicChoice.tsx)
  chooseClinicTitle: string;
  chooseClinicIntro: string;
  chooseClinicBack: string;
  /** The doctor's screen offers no choice: its code, made for one clinic, is the way. */
  errChooseClinicCode: string;
  /** Sign-in to a clinic its owner closed (403 clinic_account_closed). */
  errClinicAccountClosed: string;
}

export interface DoctorScreenMessages {
  appTitle: string;
  signInTitle: string;
  enrolIntro: string;
  deviceNameDefault: string;
  /** After a person's sign-in: whose screen this is. */
  chooseDoctor: string;
  /** The bound doctor is not on this screen yet (first sync) or was deleted. */
  unknownDoctor: string;
  waitingTitle: string;
  paused: (time: string) => string;
  pause: string;
  resume: string;
  backAt: string;
  pauseUntil: string;
  errBackAt: string;
}
