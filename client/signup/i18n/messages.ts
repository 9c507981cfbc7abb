// The sign-up page's words, apart from the owner area's: a visitor who has
// not signed up yet downloads only these. Every language implements all of
// it; functions take values already formatted for the locale.
import type { SignupBody } from '../../../shared/saas.ts';

export interface SignupMessages {
  appTitle: string;
  language: string;
  loading: string;
  title: string;
  intro: string;
  clinicName: string;
  ownerName: string;
  email: string;
  password: string;
  passwordHint: string;
  showPassword: string;
  languages: string;
  languagesHint: string;
  timeZone: string;
  /** The browser's own zone, when it is not one of the usual ones. */
  thisComputer: (zone: string) => string;
  submit: string;
  submitting: string;
  haveAccount: string;
  signIn: string;
  plansTitle: string;
  /** Every new clinic starts on the trial. */
  trialNote: (days: string) => string;
  afterTrial: string;
  perMonth: (price: string) => string;
  free: string;
  planDevices: (n: string) => string;
  planDoctors: (n: string) => string;
  planVisits: (n: string) => string;
  planSms: (n: string) => string;
  plansFailed: string;
  errEmailTaken: string;
  errInvalid: string;
  errRateLimited: string;
  errOffline: string;
  errServer: string;
  /** What each field needs, shown under it when refused. */
  fieldErrors: Record<keyof SignupBody, string>;
}
