import type { Messages } from './messages.ts';

export const en: Messages = {
  appTitle: 'DoctorQ Reception',
  language: 'Language',

  signInTitle: 'Sign in this tablet',
  signInIntro: 'Sign in once while online; the tablet then keeps working offline.',
  email: 'Email',
  password: 'Password',
  deviceName: 'Tablet name',
  deviceNameDefault: 'Reception',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  errBadCredentials: 'Wrong email or password.',
  errRateLimited: 'Too many attempts. Try again in a minute.',
  errOffline: 'No connection. The first sign-in needs the internet.',
  errDeviceNotAllowed: 'This account cannot use the reception tablet.',
  errNoClinic: 'This account has no clinic.',
  errServer: 'The server did not answer properly. Try again.',

  signInWays: 'How to sign in',
  withPassword: 'Password',
  withCode: 'Enrol with a code',
  enrolIntro: 'Enter the code shown on the owner’s page, or scan its QR code with this tablet.',
  enrolCode: 'Enrolment code',
  enrol: 'Enrol this tablet',
  enrolling: 'Enrolling…',
  errCodeFormat: 'A code has 8 letters and digits, such as ABCD-2345.',
  errInvalidCode: 'This code is unknown, used or expired: ask for a new one.',
  errPlanLimit: 'The clinic’s plan allows no more tablets: the owner can revoke one no longer used (owner area, Devices), or change plan.',
  errClinicSuspended: 'This clinic’s subscription is suspended: no tablet can be enrolled until it is reactivated.',
  errEmailUnverified:
    'The clinic owner must first verify their email address (the link in the sign-up mail): no tablet can be enrolled before.',

  opening: 'Opening the queue…',
  openFailed: "The tablet's data could not be opened.",
  otherTab: 'DoctorQ is already open in another tab or window. Close it, then try again.',
  retry: 'Try again',
  localScreen: 'Waiting-room screen here',
  localScreenHint:
    'Opens the waiting-room screen in a window on this machine (second screen, TV): it calls patients even without the internet.',

  phase: {
    connecting: 'Syncing…',
    online: 'Online',
    offline: 'Offline',
    revoked: 'Revoked',
    outdated: 'Update required',
    stopped: 'Stopped',
  },
  pendingLabel: 'Not yet synced:',
  lastSync: (time) => `Last sync ${time}`,
  neverSynced: 'Never synced',
  signOut: 'Sign out',
  signOutPending: (n) => `Changes not yet on the server: ${n}. They will be lost.`,
  signOutAnyway: 'Sign out anyway',
  keepWorking: 'Keep working',

  revoked: (n) => `This device was revoked — changes not yet synced: ${n}`,
  suspended: (n) =>
    `This clinic’s subscription is suspended. The queue stays readable here and your changes are kept on this tablet (${n} not synced); they will sync once the subscription is reactivated.`,
  outdated: 'Update required: reload the app.',
  reload: 'Reload',
  storageNotPersisted: 'The browser may clear this tablet’s data when space runs low. Install the app to keep it.',
  dismiss: 'Dismiss',
  updateAvailable: 'An update is available.',
  offlineReady: 'Ready to work offline.',

  doctorTabs: 'Doctors',
  all: 'All',
  generalQueue: 'General queue',
  room: (room) => `Room ${room}`,

  registerTitle: 'New patient',
  name: 'Name',
  phone: 'Phone',
  optional: 'optional',
  doctor: 'Doctor',
  anyDoctor: 'Any doctor',
  urgent: 'Urgent',
  register: 'Register',
  errNameRequired: 'Enter the patient’s name.',
  errPhoneInvalid: 'Digits, spaces and + ( ) - only.',
  errSaveFailed: 'Saving failed. Try again.',

  ticketIssued: 'Ticket',
  scanToFollow: 'Scan to follow your place',
  aheadOfYou: (n) => `${n} ahead of you`,
  nextInLine: 'Next in line',
  close: 'Close',

  waitingTitle: 'Waiting',
  emptyQueue: 'No one is waiting.',
  waited: (d) => `waiting ${d}`,
  moveUp: 'Move up',
  moveDown: 'Move down',
  dragHandle: 'Drag to reorder',
  call: 'Call',
  noShow: 'No-show',
  cancel: 'Cancel',

  nowServing: 'Now serving',
  callNext: 'Call next',
  nobodyCalled: 'No one called',
  called: 'Called',
  inConsultation: 'In consultation',
  start: 'Start',
  finish: 'Finish',

  noShowsTitle: 'No-shows',
  recall: 'Recall',
  setAsideTitle: 'Changes the server refused',
  setAsideIntro:
    'These changes were set aside; everything else keeps syncing. Fix and send again, or drop them to keep what the server has.',
  setAsideWhat: (c, label) => `${c === 'entries' ? 'Patient' : c === 'doctors' ? 'Doctor' : 'Settings'} ${label}:`,
  setAsideReason: (code) =>
    code === 'plan_limit'
      ? 'over the limit of the clinic’s plan (the owner can change plan or deactivate another doctor).'
      : code === 'invalid_document'
        ? 'not valid (a name or phone too long or malformed?).'
        : code === 'too_large'
          ? 'too large.'
          : 'refused by the server.',
  setAsideFix: 'Fix',
  setAsideResend: 'Send again',
  setAsideDrop: 'Drop',
  setAsideInvalid: 'A name (up to 120 characters) and a phone of digits, spaces and + ( ) - only.',
};
