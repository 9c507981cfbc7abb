// The service as a business: sign-up, setup, plans, subscription state, usage
// and the operator's view of clinics. One definition for the server's
// validation, the owner and operator pages, and the tests. docs/api.md has
// the routes.
import { z } from 'zod';
import { DocId, Language, Settings, Text, TimeZone, Uuid } from './schemas.ts';
import { BOUND_RIGHT, DeviceKind, Grant, StaffRole, boundRight } from './auth.ts';

export const CLINIC_STATUSES = ['trial', 'active', 'past_due', 'suspended'] as const;
export const ClinicStatus = z.enum(CLINIC_STATUSES);
export type ClinicStatus = z.infer<typeof ClinicStatus>;

export const PlanId = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);

export const Plan = z.object({
  id: PlanId,
  name: z.string(),
  /** Tunisian dinars have 1,000 millimes; 50 TND = 50000. */
  monthlyPriceMillimes: z.number().int().min(0),
  maxDevices: z.number().int().min(0),
  maxDoctors: z.number().int().min(0),
  maxMonthlyVisits: z.number().int().min(0),
  smsPerMonth: z.number().int().min(0),
  /** Bytes of the clinic's documents (their JSON text); a push beyond it is refused (storage_quota). */
  maxStorageBytes: z.number().int().min(0),
});
export type Plan = z.infer<typeof Plan>;
/** The plans, cheapest first, and how long a new clinic's trial lasts. */
export const Plans = z.object({ plans: z.array(Plan), trialDays: z.number().int() });

const IsoTime = z.string();

/** Computed from the data by the metering job (server/billing/usage.ts), never counted in the request path. */
export const Usage = z.object({
  /** The clinic's calendar month the monthly figures count, e.g. 2026-11. */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  visits: z.number().int(),
  activeDevices: z.number().int(),
  doctors: z.number().int(),
  sms: z.number().int(),
  pushes: z.number().int(),
  storageBytes: z.number().int(),
  lastSyncAt: IsoTime.nullable(),
  lastActivityAt: IsoTime.nullable(),
  computedAt: IsoTime,
});
export type Usage = z.infer<typeof Usage>;

export const Subscription = z.object({
  status: ClinicStatus,
  statusSince: IsoTime,
  trialEndsAt: IsoTime.nullable(),
  paidUntil: IsoTime.nullable(),
  plan: Plan,
  /** Null until the metering job has run once for this clinic. */
  usage: Usage.nullable(),
});
export type Subscription = z.infer<typeof Subscription>;

/** A real IANA zone (one definition, shared/schemas.ts). */
export { TimeZone };

export const Password = z.string().min(10, 'at least 10 characters').max(200);

export const SignupBody = z
  .object({
    clinicName: Text(120, { min: 2 }),
    ownerName: Text(120, { min: 2 }),
    email: z.email().max(254),
    password: Password,
    languages: z
      .array(Language)
      .min(1)
      .max(3)
      .refine((l) => new Set(l).size === l.length, 'each language once'),
    timeZone: TimeZone,
  })
  .strict();
export type SignupBody = z.infer<typeof SignupBody>;

/** The new owner is signed in at once: setup starts the same minute. */
export const SignupResult = z.object({ grant: Grant, verificationSent: z.boolean() });

export const VerifyBody = z.object({ token: z.string().min(20).max(200) }).strict();

/** The guided setup's checklist, computed from the clinic's data. */
export const SetupState = z.object({
  emailVerified: z.boolean(),
  doctors: z.number().int(),
  hoursSet: z.boolean(),
  ticketPrefix: z.string(),
  devices: z.number().int(),
  completedAt: IsoTime.nullable(),
});
export type SetupState = z.infer<typeof SetupState>;

export const EnrolmentCodeBody = z
  .object({ kind: DeviceKind.default('reception'), doctorId: DocId.optional() })
  .strict()
  .refine(boundRight, BOUND_RIGHT);
/** One use, short-lived; the QR encodes `url` (the reception page with the code). */
export const EnrolmentCode = z.object({ code: z.string(), kind: DeviceKind, expiresAt: IsoTime, url: z.string() });
export type EnrolmentCode = z.infer<typeof EnrolmentCode>;

/** 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const ENROL_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const EnrolCode = z
  .string()
  .trim()
  .toUpperCase()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .length(8)
      .regex(new RegExp(`^[${ENROL_CODE_ALPHABET}]+$`), 'not an enrolment code'),
  );
export const EnrolBody = z
  .object({
    code: EnrolCode,
    device: z.object({ kind: DeviceKind, name: Text(80, { min: 1 }) }),
  })
  .strict();

// The operator: the service's own staff, never a member of a clinic.

export const OperatorLoginBody = z.object({ email: z.email().max(254), password: z.string().min(1).max(200) }).strict();
export const OperatorGrant = z.object({
  accessToken: z.string(),
  expiresAt: z.number(),
  operator: z.object({ id: z.string(), name: z.string(), email: z.string() }),
});
export type OperatorGrant = z.infer<typeof OperatorGrant>;

/** What the operator's list filters on: a subscription status, or closed by its owner (whatever its status then). */
export const OPERATOR_STATUS_FILTERS = [...CLINIC_STATUSES, 'closed'] as const;
export const OperatorStatusFilter = z.enum(OPERATOR_STATUS_FILTERS);
export type OperatorStatusFilter = z.infer<typeof OperatorStatusFilter>;

export const OperatorClinicQuery = z.object({
  q: Text(120).optional(),
  status: OperatorStatusFilter.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const OperatorClinicRow = z.object({
  id: z.string(),
  name: z.string(),
  status: ClinicStatus,
  planId: PlanId,
  ownerEmail: z.string().nullable(),
  createdAt: IsoTime,
  /** Closed by its owner (shared/closing.ts): then when the rest of its data is deleted. */
  closedAt: IsoTime.nullable(),
  purgeAfter: IsoTime.nullable(),
  usage: Usage.nullable(),
});
export type OperatorClinicRow = z.infer<typeof OperatorClinicRow>;
export const OperatorClinicList = z.object({ clinics: z.array(OperatorClinicRow), total: z.number().int() });

export const Payment = z.object({
  id: z.string(),
  amountMillimes: z.number().int(),
  months: z.number().int(),
  method: z.enum(['manual', 'provider']),
  provider: z.string().nullable(),
  reference: z.string(),
  paidAt: IsoTime,
});
export type Payment = z.infer<typeof Payment>;

/** What the operator may see of one clinic: settings, counts, subscription; never a patient. */
export const OperatorClinicDetail = z.object({
  clinic: OperatorClinicRow.omit({ usage: true }).extend({
    timeZone: z.string(),
    emailVerified: z.boolean(),
    setupCompletedAt: IsoTime.nullable(),
  }),
  subscription: Subscription,
  settings: Settings.nullable(),
  counts: z.object({
    staff: z.record(StaffRole, z.number().int()),
    devices: z.number().int(),
    revokedDevices: z.number().int(),
    doctors: z.number().int(),
    visitsAllTime: z.number().int(),
  }),
  payments: z.array(Payment),
});
export type OperatorClinicDetail = z.infer<typeof OperatorClinicDetail>;

export const OperatorClinicPatch = z
  .object({
    planId: PlanId.optional(),
    status: ClinicStatus.optional(),
    /** Why: kept in the audit log. */
    note: Text(500, { lines: true }).optional(),
  })
  .strict()
  .refine((p) => p.planId !== undefined || p.status !== undefined, 'change the plan, the status or both');

export const ManualPaymentBody = z
  .object({
    amountMillimes: z.number().int().min(1).max(100_000_000),
    months: z.number().int().min(1).max(36),
    reference: Text(120, { min: 1 }),
  })
  .strict();

// A payment provider's events, once its adapter has verified and translated them.

export const BillingEvent = z.discriminatedUnion('type', [
  z.object({
    id: Text(200, { min: 1 }),
    type: z.literal('payment.succeeded'),
    clinicId: Uuid,
    amountMillimes: z.number().int().min(1),
    months: z.number().int().min(1).max(36),
    reference: Text(120, { min: 1 }),
  }),
  z.object({
    id: Text(200, { min: 1 }),
    type: z.literal('payment.failed'),
    clinicId: Uuid,
    reference: Text(120, { min: 1 }),
  }),
]);
export type BillingEvent = z.infer<typeof BillingEvent>;

/** The codes of a suspended clinic's and a plan's refusals (403), defined with the others in errors.ts. */
export { PLAN_LIMIT_CODE, SUSPENDED_CODE } from './errors.ts';
