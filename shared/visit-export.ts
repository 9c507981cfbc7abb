// The visits' export: one row per visit of a period, for a spreadsheet (CSV)
// or a program (JSON). Names and phones only when the owner asks for them
// (the route writes that choice to the audit log). Times are the clinic's
// wall clock with its offset (ISO 8601, e.g. 2026-12-07T09:15:00+01:00), so a
// reader sees the hour the receptionist saw and can still order instants.
import { z } from 'zod';
import { Day, daysBetween } from './day.ts';
import { CancelReason, EntrySource, EntryStatus, Priority, type Entry } from './schemas.ts';
import { zoneOffset } from './time.ts';

/** A year, leap day included: the export's longest period. */
export const MAX_EXPORT_DAYS = 366;

export const VisitExportQuery = z
  .object({
    from: Day,
    to: Day,
    /** `1`: with each visit's name and phone. Anything but 0 or 1 is refused, never read as "no". */
    names: z.enum(['0', '1']).default('0'),
  })
  .refine((q) => q.from <= q.to, 'from must not be after to')
  .refine((q) => daysBetween(q.from, q.to) <= MAX_EXPORT_DAYS, `at most ${MAX_EXPORT_DAYS} days`)
  .transform((q) => ({ from: q.from, to: q.to, names: q.names === '1' }));
export type VisitExportQuery = z.infer<typeof VisitExportQuery>;

const Minutes = z.number().nullable();
const Instant = z.string().nullable();

export const VisitExportRow = z.object({
  day: Day,
  ticket: z.string(),
  /** The doctor's name as the clinic has it now (null: none assigned; the id when the doctor is gone). */
  doctor: z.string().nullable(),
  priority: Priority,
  source: EntrySource,
  status: EntryStatus,
  cancelReason: CancelReason.nullable(),
  arrivedAt: z.string(),
  calledAt: Instant,
  startedAt: Instant,
  endedAt: Instant,
  /** Arrival to call, as the report counts it. */
  waitMinutes: Minutes,
  /** Start (or call, when never started) to end of a seen visit, as the report counts it. */
  consultationMinutes: Minutes,
  name: z.string().optional(),
  phone: z.string().nullable().optional(),
});
export type VisitExportRow = z.infer<typeof VisitExportRow>;

/** CSV columns, in order: the row's fields in snake case. */
export const VISIT_COLUMNS = [
  'day',
  'ticket',
  'doctor',
  'priority',
  'source',
  'status',
  'cancel_reason',
  'arrived_at',
  'called_at',
  'started_at',
  'ended_at',
  'wait_minutes',
  'consultation_minutes',
] as const;
export const NAME_COLUMNS = ['name', 'phone'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

const withOffset = (ms: number, offset: number) => {
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const abs = Math.abs(offset) / 60_000;
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

/** An instant as the clinic's wall clock with its offset, to the second. */
export const isoInZone = (ms: number, timeZone: string): string => withOffset(ms, zoneOffset(ms, timeZone));

/** Zones change their offset on a quarter hour at most (UTC and local alike). */
const QUARTER_HOUR_MS = 900_000;

/**
 * isoInZone for the many instants of one export: Intl's offset, the slow part
 * (a year's visits spent seconds there), asked once per quarter hour seen.
 * One clock per export: it keeps at most a period's quarter hours.
 */
export function zonedClock(timeZone: string): (ms: number) => string {
  const offsets = new Map<number, number>();
  return (ms) => {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      offset = zoneOffset(ms, timeZone);
      offsets.set(quarter, offset);
    }
    return withOffset(ms, offset);
  };
}

const minutesBetween = (from: number | null, to: number | null) =>
  from === null || to === null ? null : Math.round((to - from) / 6000) / 10;

export type ExportedEntry = Pick<
  Entry,
  | 'day'
  | 'ticket'
  | 'name'
  | 'phone'
  | 'doctorId'
  | 'priority'
  | 'source'
  | 'status'
  | 'cancelReason'
  | 'arrivedAt'
  | 'calledAt'
  | 'startedAt'
  | 'endedAt'
>;

/** `clock`: the clinic's (zonedClock). */
export function visitRow(
  e: ExportedEntry,
  doctorNames: ReadonlyMap<string, string>,
  clock: (ms: number) => string,
  withNames: boolean,
): VisitExportRow {
  const at = (ms: number | null) => (ms === null ? null : clock(ms));
  const row: VisitExportRow = {
    day: e.day,
    ticket: e.ticket,
    doctor: e.doctorId === null ? null : (doctorNames.get(e.doctorId) ?? e.doctorId),
    priority: e.priority,
    source: e.source,
    status: e.status,
    cancelReason: e.cancelReason ?? null,
    arrivedAt: clock(e.arrivedAt),
    calledAt: at(e.calledAt),
    startedAt: at(e.startedAt),
    endedAt: at(e.endedAt),
    waitMinutes: minutesBetween(e.arrivedAt, e.calledAt),
    consultationMinutes: e.status === 'done' ? minutesBetween(e.startedAt ?? e.calledAt, e.endedAt) : null,
  };
  return withNames ? { ...row, name: e.name, phone: e.phone } : row;
}

/** The row as CSV cells, in VISIT_COLUMNS (then NAME_COLUMNS) order. */
export function visitCells(r: VisitExportRow, withNames: boolean): (string | number | null)[] {
  const cells = [
    r.day,
    r.ticket,
    r.doctor,
    r.priority,
    r.source,
    r.status,
    r.cancelReason,
    r.arrivedAt,
    r.calledAt,
    r.startedAt,
    r.endedAt,
    r.waitMinutes,
    r.consultationMinutes,
  ];
  return withNames ? [...cells, r.name ?? null, r.phone ?? null] : cells;
}
