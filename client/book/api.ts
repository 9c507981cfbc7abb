// The booking page's calls (docs/api.md, "Online booking"). Plain checks, no
// zod: this page is opened on a patient's phone and must stay small.
import { parseErrorBody } from '../../shared/errors.ts';
import { BOOKING_APPOINTMENT_PATH, bookingSlotsPath, bookingsPath } from '../../shared/paths.ts';
import type { Language } from '../../shared/schemas.ts';

export interface FreeSlot {
  start: number;
  minutes: number;
}

export interface SlotsInfo {
  clinic: { name: string; languages: string[]; timeZone: string };
  days: string[];
  doctors: { id: string; name: string; room: string; slots: FreeSlot[] }[];
}

export interface Booking {
  appointmentId: string;
  doctorId: string;
  day: string;
  start: number;
  minutes: number;
  status: 'booked' | 'arrived' | 'no_show' | 'cancelled' | 'rescheduled';
  name: string;
  doctor: { name: string; room: string } | null;
  clinic: { id: string; name: string; languages: string[]; timeZone: string };
}

export type LoadError = 'not_found' | 'booking_closed' | 'expired' | 'offline' | 'server';
export type SendError =
  | 'slot_taken'
  | 'not_a_slot'
  | 'too_many_bookings'
  | 'rate_limited'
  | 'booking_closed'
  | 'not_allowed'
  | 'invalid'
  | 'offline'
  | 'server';
export type Loaded<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

/** `#a=<token>`: the booking link's token, or null. */
export function linkFromHash(hash: string): string | null {
  const m = /(?:^#|&)a=([A-Za-z0-9_.-]{1,2000})(?:&|$)/.exec(hash);
  return m ? m[1]! : null;
}

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; json: unknown } | null> {
  try {
    const res = await fetch(path, { cache: 'no-store', ...init });
    return { status: res.status, json: await res.json().catch(() => null) };
  } catch {
    return null;
  }
}

const post = (path: string, body: unknown, token?: string) =>
  call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

function loadError(r: { status: number; json: unknown } | null): LoadError {
  if (!r || (r.status >= 502 && r.status <= 504)) return 'offline';
  const code = parseErrorBody(r.json)?.code;
  if (code === 'booking_closed' || code === 'clinic_suspended') return 'booking_closed';
  if (code === 'token_expired') return 'expired';
  if (r.status === 404 || r.status === 401) return 'not_found';
  return 'server';
}

function sendError(r: { status: number; json: unknown } | null): SendError {
  if (!r || (r.status >= 502 && r.status <= 504)) return 'offline';
  const code = parseErrorBody(r.json)?.code;
  if (r.status === 429) return 'rate_limited';
  if (code === 'slot_taken' || code === 'not_a_slot' || code === 'too_many_bookings' || code === 'booking_closed' || code === 'not_allowed')
    return code;
  if (code === 'clinic_suspended') return 'booking_closed';
  if (r.status === 400 || r.status === 422) return 'invalid';
  return 'server';
}

const isSlotsInfo = (v: unknown): v is SlotsInfo => {
  const o = v as SlotsInfo | null;
  return (
    typeof o?.clinic?.name === 'string' &&
    Array.isArray(o.days) &&
    Array.isArray(o.doctors) &&
    o.doctors.every((d) => Array.isArray(d?.slots))
  );
};
const isBooking = (v: unknown): v is Booking => {
  const o = v as Booking | null;
  return typeof o?.appointmentId === 'string' && typeof o.start === 'number' && typeof o.clinic?.name === 'string';
};
const isLink = (v: unknown): v is { path: string } => typeof (v as { path?: unknown } | null)?.path === 'string';

export async function loadSlots(clinicId: string): Promise<Loaded<SlotsInfo, LoadError>> {
  const r = await call(bookingSlotsPath(clinicId));
  return r?.status === 200 && isSlotsInfo(r.json) ? { ok: true, value: r.json } : { ok: false, error: loadError(r) };
}

export async function book(
  clinicId: string,
  body: { requestId: string; doctorId: string; start: number; name: string; phone: string; language: Language; whatsapp: boolean },
): Promise<Loaded<string, SendError>> {
  const r = await post(bookingsPath(clinicId), body);
  return r && r.status < 300 && isLink(r.json) ? { ok: true, value: r.json.path } : { ok: false, error: sendError(r) };
}

export async function loadBooking(token: string): Promise<Loaded<Booking, LoadError>> {
  const r = await call(BOOKING_APPOINTMENT_PATH, { headers: { authorization: `Bearer ${token}` } });
  return r?.status === 200 && isBooking(r.json) ? { ok: true, value: r.json } : { ok: false, error: loadError(r) };
}

export async function cancelBooking(token: string, requestId: string): Promise<Loaded<null, SendError>> {
  const r = await post(`${BOOKING_APPOINTMENT_PATH}/cancel`, { requestId }, token);
  return r?.status === 200 ? { ok: true, value: null } : { ok: false, error: sendError(r) };
}

export async function moveBooking(
  token: string,
  body: { requestId: string; doctorId: string; start: number },
): Promise<Loaded<string, SendError>> {
  const r = await post(`${BOOKING_APPOINTMENT_PATH}/move`, body, token);
  return r?.status === 200 && isLink(r.json) ? { ok: true, value: r.json.path } : { ok: false, error: sendError(r) };
}
