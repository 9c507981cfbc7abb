// An audit event's details in the owner's words. The server names fields and
// status changes, never their values (docs/api.md), so nothing personal can
// show here.
import { ENTRY_STATUSES, type EntryStatus } from '../../../shared/schemas.ts';
import { STAFF_ROLES, type StaffRole } from '../../../shared/auth.ts';
import { CLINIC_STATUSES, type ClinicStatus } from '../../../shared/saas.ts';
import type { OwnerI18n } from '../i18n/index.ts';

const isStatus = (v: unknown): v is EntryStatus => (ENTRY_STATUSES as readonly unknown[]).includes(v);
const isRole = (v: unknown): v is StaffRole => (STAFF_ROLES as readonly unknown[]).includes(v);
const isClinicStatus = (v: unknown): v is ClinicStatus => (CLINIC_STATUSES as readonly unknown[]).includes(v);
/** RxDB's own bookkeeping field: not something anyone changed. */
const HIDDEN_FIELDS = new Set(['_deleted']);

export interface Described {
  /** Status change, role given: in the owner's language. */
  words: string[];
  /** What changed, in the owner's words; only for updates, where they say something the action does not. */
  fields: string[];
}

export function describeDetails(action: string, details: Record<string, unknown>, { t, dir }: OwnerI18n): Described {
  const words: string[] = [];
  const { fields, status, role } = details;
  if (Array.isArray(status) && status.length === 2) {
    // A visit's status, or the subscription's (subscription.status): the two sets share no name.
    const [from, to] = status.map((s) => (isStatus(s) ? t.statuses[s] : isClinicStatus(s) ? t.statusNames[s] : null));
    // The arrow is not mirrored by the browser: it points the reading way.
    const arrow = dir === 'rtl' ? '←' : '→';
    if (to) words.push(from ? `${from} ${arrow} ${to}` : to);
  }
  if (isRole(role)) words.push(t.roles[role]);
  // The tablets' window of past days: a number of days, not personal.
  if (action === 'clinic.window' && typeof details.was === 'number' && typeof details.pastDays === 'number')
    words.push(`${details.was} ${dir === 'rtl' ? '←' : '→'} ${details.pastDays}`);
  // An export says whether it held names (the owner's choice, docs/security.md), its period (isolated
  // left to right: dates in Arabic text) and format.
  if (action === 'export.visits') {
    if (typeof details.names === 'boolean') words.push(details.names ? t.exportWithNames : t.exportWithoutNames);
    if (typeof details.from === 'string' && typeof details.to === 'string') words.push(`\u2066${details.from} – ${details.to}\u2069`);
    if (typeof details.format === 'string') words.push(details.format.toUpperCase());
  }
  // A creation names every field: that says nothing the action does not.
  const changed =
    action.endsWith('.update') && Array.isArray(fields)
      ? fields.filter((f): f is string => typeof f === 'string' && !HIDDEN_FIELDS.has(f))
      : [];
  const names = fieldNamesOf(action, t);
  return { words, fields: changed.map((f) => names[f] ?? f) };
}

function fieldNamesOf(action: string, t: OwnerI18n['t']): Record<string, string> {
  const collection = action.slice(0, action.indexOf('.'));
  return collection === 'entries' || collection === 'doctors' || collection === 'settings' ? t.fieldNames[collection] : {};
}

export function actionLabel(action: string, { t }: OwnerI18n): string {
  return t.actions[action] ?? action;
}
