// Self check-in through /api/checkin/v1/:clinicId (docs/api.md). Plain
// checks, no zod: this page is opened from a QR code on a patient's phone.
import { SUSPENDED_CODE, parseErrorBody } from '../../shared/errors.ts';
import { checkinPath } from '../../shared/paths.ts';
import type { Language } from '../../shared/schemas.ts';

/** How many wait in a queue and how long (minutes) a patient joining now would wait. */
export interface QueueNow {
  waiting: number;
  wait: { low: number; high: number };
}

export interface ClinicInfo {
  clinic: { name: string; languages: string[]; selfCheckIn: boolean };
  /** The queue figures are optional: a page cached before they existed still reads an older answer. */
  doctors: ({ id: string; name: string; room: string } & Partial<QueueNow>)[];
  anyDoctor?: QueueNow;
  /** `next`: epoch ms of the next opening, null when open or the clinic set no hours. */
  opening?: { open: boolean; next: number | null };
  /** Whether the server hears from the clinic's reception (`live` false: the figures may be behind). */
  reception?: { seenAt: number | null; live: boolean } | null;
}

export type LoadResult = { ok: true; info: ClinicInfo } | { ok: false; error: 'not_found' | 'offline' | 'server' };

export type CheckinError =
  | 'rate_limited'
  | 'checkin_closed'
  | 'clinic_closed'
  | 'unknown_doctor'
  | 'invalid'
  | 'not_found'
  | 'offline'
  | 'server';
export type CheckinResult =
  | { ok: true; token: string; path: string; entryId: string }
  /** `next`: with clinic_closed, the next opening (epoch ms) when the server named one. */
  | { ok: false; error: CheckinError; next?: number | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `#…&o=<code>`: the on-site code of the QR on the clinic's own screen (shared/onsite.ts), or null (a link, a poster). */
export function onSiteFromHash(hash: string): string | null {
  const m = /(?:^#|&)o=([A-Za-z0-9_.-]{1,1000})(?:&|$)/.exec(hash);
  return m ? m[1]! : null;
}

/** `#c=<clinicId>` → the clinic id, or null. */
export function clinicFromHash(hash: string): string | null {
  const m = /(?:^#|&)c=([^&]+)/.exec(hash);
  const id = m ? decodeURIComponent(m[1]!) : '';
  return UUID.test(id) ? id : null;
}

/**
 * One id per form: a double tap, or a retry after a lost answer, is the same
 * check-in for the server. crypto.randomUUID needs a secure context, which a
 * clinic's LAN address over plain HTTP is not; getRandomValues works anywhere.
 */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function isClinicInfo(v: unknown): v is ClinicInfo {
  const o = v as ClinicInfo | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.clinic?.name === 'string' &&
    Array.isArray(o.clinic.languages) &&
    typeof o.clinic.selfCheckIn === 'boolean' &&
    Array.isArray(o.doctors) &&
    o.doctors.every((d) => typeof d?.id === 'string' && typeof d.name === 'string' && typeof d.room === 'string')
  );
}

export async function loadClinic(clinicId: string): Promise<LoadResult> {
  let res: Response;
  try {
    res = await fetch(checkinPath(clinicId), { cache: 'no-store' });
  } catch {
    return { ok: false, error: 'offline' };
  }
  if (res.status === 404) return { ok: false, error: 'not_found' };
  if (!res.ok) return { ok: false, error: res.status >= 502 && res.status <= 504 ? 'offline' : 'server' };
  const body: unknown = await res.json().catch(() => null);
  return isClinicInfo(body) ? { ok: true, info: body } : { ok: false, error: 'server' };
}

export async function checkIn(
  clinicId: string,
  body: {
    requestId: string;
    name: string;
    phone: string | null;
    doctorId: string | null;
    onSite: string | null;
    language: Language;
    whatsapp: boolean;
  },
): Promise<CheckinResult> {
  let res: Response;
  try {
    res = await fetch(checkinPath(clinicId), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, error: 'offline' };
  }
  const json = (await res.json().catch(() => null)) as {
    token?: unknown;
    path?: unknown;
    entryId?: unknown;
  } | null;
  if (res.ok && typeof json?.token === 'string' && typeof json.path === 'string' && typeof json.entryId === 'string') {
    return { ok: true, token: json.token, path: json.path, entryId: json.entryId };
  }
  const error = parseErrorBody(json);
  const code = error?.code;
  if (res.status === 429) return { ok: false, error: 'rate_limited' };
  if (code === 'clinic_closed') {
    const next = Date.parse(error?.issues?.find((i) => i.path[0] === 'next')?.message ?? '');
    return { ok: false, error: code, next: Number.isFinite(next) ? next : null };
  }
  if (code === 'checkin_closed' || code === 'unknown_doctor') return { ok: false, error: code };
  // For the patient, a suspended clinic's check-in is closed.
  if (code === SUSPENDED_CODE) return { ok: false, error: 'checkin_closed' };
  if (res.status === 400) return { ok: false, error: 'invalid' };
  if (res.status === 404) return { ok: false, error: 'not_found' };
  if (res.status >= 502 && res.status <= 504) return { ok: false, error: 'offline' };
  return { ok: false, error: 'server' };
}
