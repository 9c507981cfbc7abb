// An audit event in the operator's words. The owner's describe.ts takes the
// owner's whole dictionary type, and this log also holds the subscription's
// events (plan, status, payment), so the operator has its own. Details name
// fields and changes, never a patient's values (docs/api.md).
import { STAFF_ROLES, type StaffRole } from '../../../shared/auth.ts';
import { CLINIC_STATUSES, type ClinicStatus, type Plan } from '../../../shared/saas.ts';
import { ENTRY_STATUSES, type EntryStatus } from '../../../shared/schemas.ts';
import type { AuditEvent } from '../../../shared/audit.ts';
import type { OperatorI18n } from '../i18n/index.ts';
import { planName } from '../../i18n/plans.ts';

const isIn =
  <T extends string>(list: readonly T[]) =>
  (v: unknown): v is T =>
    (list as readonly unknown[]).includes(v);
const isEntryStatus = isIn<EntryStatus>(ENTRY_STATUSES);
const isClinicStatus = isIn<ClinicStatus>(CLINIC_STATUSES);
const isRole = isIn<StaffRole>(STAFF_ROLES);
const isPair = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2;
/** RxDB's own bookkeeping field: not something anyone changed. */
const HIDDEN_FIELDS = new Set(['_deleted']);

interface Described {
  /** Changes in the operator's language. */
  words: string[];
  /** Field names as the documents spell them; only for updates, where they say what changed. */
  fields: string[];
}

export function describeDetails({ action, details }: AuditEvent, plans: Plan[] | null, i: OperatorI18n): Described {
  const { t } = i;
  // The arrow is not mirrored by the browser: it points the reading way.
  const change = (from: string | null, to: string) => (from ? `${from} ${i.dir === 'rtl' ? '←' : '→'} ${to}` : to);
  const nameOf = (id: unknown) => {
    if (typeof id !== 'string') return null;
    const plan = plans?.find((p) => p.id === id);
    return plan ? planName(plan, i.lang) : id;
  };
  const words: string[] = [];
  const { status, plan, role, amountMillimes, months, note, fields } = details;

  if (isPair(status)) {
    // A visit's status on entries, the clinic's on the subscription's events.
    const label = (s: unknown) => (isEntryStatus(s) ? t.entryStatuses[s] : isClinicStatus(s) ? t.statuses[s] : null);
    const to = label(status[1]);
    if (to) words.push(change(label(status[0]), to));
  }
  if (isPair(plan)) {
    const to = nameOf(plan[1]);
    if (to) words.push(change(nameOf(plan[0]), to));
  }
  if (typeof amountMillimes === 'number') words.push(i.money(amountMillimes));
  if (typeof months === 'number') words.push(t.monthsCount(i.num(months)));
  if (isRole(role)) words.push(t.roles[role]);
  if (typeof note === 'string' && note) words.push(t.noteSaid(note));
  // A creation names every field: that says nothing the action does not.
  const changed =
    action.endsWith('.update') && Array.isArray(fields)
      ? fields.filter((f): f is string => typeof f === 'string' && !HIDDEN_FIELDS.has(f))
      : [];
  return { words, fields: changed };
}

export function actionLabel(action: string, { t }: OperatorI18n): string {
  return t.actions[action] ?? action;
}

/** Who acted: a staff member, an operator, or (the subscription's automatic changes) `by` in the details. */
export function actorLabel({ actorName, operatorName, details }: AuditEvent, { t }: OperatorI18n): string {
  if (actorName) return actorName;
  if (operatorName) return t.operatorActor(operatorName);
  if (details.by === 'provider' && typeof details.provider === 'string') return t.byProvider(details.provider);
  return t.system;
}
