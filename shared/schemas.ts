// The replicated documents. One definition for the tablet (RxDB schemas are
// generated from these), the server (push validation) and the tests.
import { z } from 'zod';
import { isRankKey } from './rank.ts';
import { HHMM, OpeningHours } from './opening-hours.ts';
import { Day } from './day.ts';

/** Ids are made on devices (UUIDv7/ULID); bounded so RxDB can index them. */
export const DocId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
/**
 * A UUID as typed by anyone, in its one spelling: lower case. Postgres compares
 * uuids case-blind but a rate-limit key, a token claim, a stream's clinic or a
 * document's clinicId are strings: "ABC…" and "abc…" were two clinics to the
 * check-in limit (65 of 65 over it passed).
 */
export const Uuid = z.uuid().toLowerCase();
export const ClinicId = Uuid;
/**
 * Control characters (C0, DEL, C1), unpaired surrogate halves and the line/paragraph separators: a NUL
 * cannot be stored by Postgres at all (a check-in answered 500 on one), a lone surrogate breaks its JSON
 * parser, and the others hide or reorder what a receptionist reads.
 */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\u2028\u2029]/u;
const UNPRINTABLE_BUT_LINES = /[\p{Cs}\u2028\u2029]|(?![\t\n\r])\p{Cc}/u;

/**
 * Free text a person types (names, rooms, notes): trimmed and NFC-normalised
 * first, then its length checked, so the value validated is the value stored
 * (the server stores the parsed output, never the raw input). `lines` allows
 * tabs and line breaks (a note), never other control characters.
 */
export const Text = (max: number, opts: { min?: number; lines?: boolean } = {}) =>
  z
    .string()
    .trim()
    .normalize('NFC')
    .min(opts.min ?? 0)
    .max(max)
    .refine((s) => !(opts.lines ? UNPRINTABLE_BUT_LINES : UNPRINTABLE).test(s), 'control characters are not allowed');

/** Epoch milliseconds. Numbers, not ISO strings: RxDB indexes numbers and the ETA maths needs them. */
export const Millis = z.number().int().min(0).max(8_640_000_000_000);

/**
 * `expected`: checked in from afar where the clinic asks for an "I'm here" first; not in the queue until then.
 * `not_seen`: still waiting when the day was closed.
 */
export const ENTRY_STATUSES = ['expected', 'waiting', 'called', 'in_consultation', 'done', 'no_show', 'cancelled', 'not_seen'] as const;
export const EntryStatus = z.enum(ENTRY_STATUSES);
export type EntryStatus = z.infer<typeof EntryStatus>;

export const PRIORITIES = ['normal', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const EntrySource = z.enum(['reception', 'self']);

/** Why a visit was cancelled: `patient` when the patient cancelled from their ticket page. */
export const CANCEL_REASONS = ['left', 'duplicate', 'other', 'patient'] as const;
export const CancelReason = z.enum(CANCEL_REASONS);
export type CancelReason = z.infer<typeof CancelReason>;

/** Fractional-index keys: base62 digits, short unless a spot is split very many times. */
export const RankKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[0-9A-Za-z]+$/)
  .refine(isRankKey, 'not a fractional-index key');

/** Local calendar day of the clinic (shared/day.ts): here too, where every document type is. */
export { Day };

/** What tickets.ts formats and parses: series letters, a dash, a counter (e.g. MA-014). */
export const Ticket = z
  .string()
  .max(16)
  .regex(/^[A-Z]{1,10}-\d{3,9}$/, 'a ticket is letters, a dash and a number');

export const LANGUAGES = ['ar', 'fr', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** What an entry's name becomes once its retention period has passed. */
export const ERASED_NAME = '—';

/** A phone number as typed at the desk or by the patient: digits and the usual separators. */
export const Phone = z
  .string()
  .max(32)
  .regex(/^[0-9+ ()-]*$/);

export const Entry = z.object({
  id: DocId,
  clinicId: ClinicId,
  day: Day,
  ticket: Ticket,
  name: Text(120, { min: 1 }),
  phone: Phone.nullable(),
  doctorId: DocId.nullable(),
  priority: Priority,
  status: EntryStatus,
  rank: RankKey,
  source: EntrySource,
  arrivedAt: Millis,
  calledAt: Millis.nullable(),
  startedAt: Millis.nullable(),
  endedAt: Millis.nullable(),
  /** Set with status `cancelled`, null otherwise. */
  cancelReason: CancelReason.nullable(),
  /** "I'm running late": others are called before this patient until then; their place is kept. */
  lateUntil: Millis.nullable(),
  /** The patient's language for their ticket and messages; null: the clinic's first language. */
  language: Language.nullable(),
  /** The patient agreed to WhatsApp messages (sent instead of SMS when the clinic has WhatsApp). */
  whatsapp: z.boolean(),
  /** The appointment this visit came from (shared/arrival.ts placed it); null: a walk-in. */
  appointmentId: DocId.nullable(),
  updatedAt: Millis,
});
export type Entry = z.infer<typeof Entry>;

/**
 * A doctor's bookable schedule: slots of `slotMinutes` inside the clinic's
 * opening hours (and their date overrides), less the breaks and the weekdays
 * off (0 is Sunday, as in OpeningHours).
 */
export const DoctorBooking = z
  .object({
    slotMinutes: z.number().int().min(5).max(120),
    breaks: z
      .array(
        z
          .object({ from: HHMM, to: HHMM })
          .strict()
          .refine((b) => b.from < b.to, 'from must be before to'),
      )
      .max(4),
    daysOff: z.array(z.number().int().min(0).max(6)).max(7),
  })
  .strict();
export type DoctorBooking = z.infer<typeof DoctorBooking>;

export const Doctor = z.object({
  id: DocId,
  clinicId: ClinicId,
  name: Text(80, { min: 1 }),
  room: Text(40),
  active: z.boolean(),
  /** On a break until then (shown on the TV and the patient page, added to the ETA); null: working. */
  pausedUntil: Millis.nullable(),
  /** Absent for that whole clinic day; null (or another day): present. */
  absentDay: Day.nullable(),
  /** How this doctor takes appointments; null: walk-ins only. */
  booking: DoctorBooking.nullable(),
  updatedAt: Millis,
});
export type Doctor = z.infer<typeof Doctor>;

export const DisplayMode = z.enum(['tickets', 'tickets_and_doctor']);

/** Thermal receipt widths first; A6 and A4 for an office printer. */
export const TICKET_PAPERS = ['58mm', '80mm', 'a6', 'a4'] as const;
export const TicketPaper = z.enum(TICKET_PAPERS);
export type TicketPaper = z.infer<typeof TicketPaper>;

/**
 * A real IANA zone, as Intl knows it. The ticket day, reports, usage metering
 * and retention compute with it: "Mars/Olympus" accepted by the owner PATCH
 * and by a replicated settings push stopped every clinic's metering.
 */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

/** The zone of a clinic whose settings name none (and the default of clinics.time_zone). */
export const DEFAULT_TIME_ZONE = 'Africa/Tunis';

/**
 * The zone to compute a clinic's day with: its own, or the default when the
 * stored one is unknown (written before zones were checked, or by hand), so
 * one bad value never takes the clinic's public pages down.
 */
export const usableTimeZone = (tz: string | null | undefined): string => (TimeZone.safeParse(tz).success ? tz! : DEFAULT_TIME_ZONE);

/**
 * The clinic's appointment rules (shared/arrival.ts applies them): a patient
 * arriving from `earlyMinutes` before to `lateMinutes` after their slot is
 * placed by slot time; later, as `lateAs` says.
 */
export const ClinicBooking = z
  .object({
    /** The public booking page takes bookings. */
    online: z.boolean(),
    /** How many days ahead the booking page offers slots. */
    daysAhead: z.number().int().min(1).max(90),
    earlyMinutes: z.number().int().min(0).max(240),
    lateMinutes: z.number().int().min(0).max(240),
    lateAs: z.enum(['walk_in', 'slot']),
    /** Reminders the day before and an hour before, by the patient's channel. */
    reminders: z.boolean(),
  })
  .strict();
export type ClinicBooking = z.infer<typeof ClinicBooking>;

export const Settings = z.object({
  /** One settings document per clinic: its id is the clinic id. */
  id: DocId,
  clinicId: ClinicId,
  name: Text(120, { min: 1 }),
  timeZone: TimeZone,
  languages: z.array(Language).min(1).max(3),
  ticketPrefix: z
    .string()
    .max(4)
    .regex(/^[A-Z]*$/),
  defaultConsultationMinutes: z.number().int().min(1).max(240),
  selfCheckIn: z.boolean(),
  display: DisplayMode,
  /** Names and phones of every visit are erased this many days after its day, whatever its end; the anonymised visit stays for reports. */
  retentionDays: z.number().int().min(1).max(3650),
  /** Weekly opening hours; null: the clinic set none (check-in at any time, no automatic close). */
  hours: OpeningHours.nullable(),
  /** Print a ticket for every registration, without a tap. */
  alwaysPrint: z.boolean(),
  ticketPaper: TicketPaper,
  /** A check-in from afar waits for the patient's "I'm here" before joining the queue. */
  requireHere: z.boolean(),
  /** The day closes itself this many minutes after the last opening span; null: only by hand. */
  closeAfterMinutes: z.number().int().min(0).max(720).nullable(),
  /** The last clinic day closed; every device that sees a later day's close converges on the latest. */
  closedThrough: Day.nullable(),
  booking: ClinicBooking,
  updatedAt: Millis,
});
export type Settings = z.infer<typeof Settings>;

/**
 * The largest document, as JSON, the server stores. Every field is bounded, so
 * a valid document stays far below (an entry with every field full is about
 * 1.5 KB); the cap holds whatever a schema change forgets.
 */
export const MAX_DOCUMENT_BYTES = 8192;

export const APPOINTMENT_STATUSES = ['booked', 'arrived', 'no_show', 'cancelled', 'rescheduled'] as const;
export const AppointmentStatus = z.enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;
export const APPOINTMENT_SOURCES = ['desk', 'phone', 'online'] as const;
export const AppointmentSource = z.enum(APPOINTMENT_SOURCES);
export type AppointmentSource = z.infer<typeof AppointmentSource>;

/**
 * A booking with one doctor. Replicated like visits (the desk books offline),
 * with the same privacy rules: the public side only ever sees free/busy.
 */
export const Appointment = z.object({
  id: DocId,
  clinicId: ClinicId,
  doctorId: DocId,
  /** The clinic day of `start`: the window and the day views select by it. */
  day: Day,
  start: Millis,
  minutes: z.number().int().min(5).max(240),
  name: Text(120, { min: 1 }),
  phone: Phone.nullable(),
  language: Language.nullable(),
  whatsapp: z.boolean(),
  source: AppointmentSource,
  status: AppointmentStatus,
  /** The visit made when the patient arrived (status `arrived`). */
  entryId: DocId.nullable(),
  /** The booking that replaced this one (status `rescheduled`). */
  movedTo: DocId.nullable(),
  /** When it was booked: of two bookings of one slot, the earlier keeps it (then the smaller id). */
  bookedAt: Millis,
  updatedAt: Millis,
});
export type Appointment = z.infer<typeof Appointment>;

export const COLLECTIONS = {
  entries: Entry,
  doctors: Doctor,
  settings: Settings,
  appointments: Appointment,
} as const;
export type CollectionName = keyof typeof COLLECTIONS;
export const CollectionName = z.enum(['entries', 'doctors', 'settings', 'appointments']);
/** Collections whose documents hold a patient's name and phone: retention, erasure and the doctor's copy treat them alike. */
export const PERSON_COLLECTIONS = ['entries', 'appointments'] as const satisfies readonly CollectionName[];
export type PersonCollection = (typeof PERSON_COLLECTIONS)[number];
export const holdsPersons = (c: CollectionName): c is PersonCollection => (PERSON_COLLECTIONS as readonly CollectionName[]).includes(c);
export type DocOf<C extends CollectionName> = z.infer<(typeof COLLECTIONS)[C]>;
export type AnyDoc = DocOf<CollectionName>;

const wire = <T extends z.ZodObject>(s: T) => s.extend({ _deleted: z.boolean() }).strict();
/**
 * Documents as they cross the wire, with RxDB's deletion flag. Unknown fields
 * are refused, not stripped: a stripped copy would differ from the device's
 * and conflict on every later push.
 */
export const WIRE_COLLECTIONS = {
  entries: wire(Entry),
  doctors: wire(Doctor),
  settings: wire(Settings),
  appointments: wire(Appointment),
} as const;
