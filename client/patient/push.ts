// Web Push opt-in for the ticket page, and the page's own service worker.
// The patient page has a small worker of its own (public/patient-sw.js) with
// the narrow scope /patient.html: the reception's worker precaches the whole
// reception app (RxDB included, ~160 KB gzip), which a patient's phone on a
// prepaid data plan has no reason to download. Push messages go to the worker
// the subscription was made through, so the push handler lives there too.
import type { Language } from '../i18n/core.ts';
import { PUSH_BASE_PATH as PUSH_BASE } from '../../shared/paths.ts';

export const PATIENT_SW_URL = '/patient-sw.js';
export const PATIENT_SW_SCOPE = '/patient.html';
const PUSH_FLAG = 'doctorq.push.';
/** The worker is registered on load; opting in waits for it, not forever. */
const READY_TIMEOUT_MS = 15_000;

export type PushState = 'unsupported' | 'off' | 'working' | 'on' | 'denied' | 'failed';

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;
}

/** Installability and offline reloads need the worker; built apps only (the dev server has none). */
export function registerPatientWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register(PATIENT_SW_URL, { scope: PATIENT_SW_SCOPE })
    .catch((err: unknown) => console.error('service worker registration failed', err));
}

async function patientRegistration(): Promise<ServiceWorkerRegistration> {
  const reg = await navigator.serviceWorker.getRegistration(PATIENT_SW_SCOPE);
  if (reg?.active) return reg;
  return await new Promise<ServiceWorkerRegistration>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('service worker not ready')), READY_TIMEOUT_MS);
    navigator.serviceWorker.register(PATIENT_SW_URL, { scope: PATIENT_SW_SCOPE }).then((r) => {
      const worker = r.installing ?? r.waiting ?? r.active;
      const done = () => {
        clearTimeout(timer);
        resolve(r);
      };
      if (!worker || worker.state === 'activated') return done();
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') done();
      });
    }, reject);
  });
}

function base64UrlBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  return x.every((v, i) => v === b[i]);
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asks for permission, subscribes through the patient worker and tells the server (in the page's language). */
export async function enablePush(token: string, entryId: string, lang: Language): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  try {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') return 'denied';
    const reg = await patientRegistration();
    const res = await fetch(`${PUSH_BASE}/key`, { headers: auth(token) });
    if (!res.ok) return 'failed';
    const key = base64UrlBytes(((await res.json()) as { publicKey: string }).publicKey);
    let sub = await reg.pushManager.getSubscription();
    // A subscription made with another server key cannot be reused (the server rotated its keys).
    if (sub && !sameKey(sub.options.applicationServerKey, key)) {
      await sub.unsubscribe();
      sub = null;
    }
    sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    return (await sendSubscription(token, entryId, sub, lang)) ? 'on' : 'failed';
  } catch (err) {
    console.warn('push subscription failed', err);
    return 'failed';
  }
}

async function sendSubscription(token: string, entryId: string, sub: PushSubscription, lang: Language): Promise<boolean> {
  const res = await fetch(`${PUSH_BASE}/subscription`, {
    method: 'POST',
    headers: { ...auth(token), 'content-type': 'application/json' },
    body: JSON.stringify({ subscription: sub.toJSON(), lang }),
  });
  if (!res.ok) return false;
  try {
    localStorage.setItem(PUSH_FLAG + entryId, lang);
  } catch {
    // Only the "on" label is lost after a reload; the subscription stands.
  }
  return true;
}

/** The language this entry's notifications were asked in, if this phone subscribed. */
export function subscribedLanguage(entryId: string): string | null {
  try {
    return localStorage.getItem(PUSH_FLAG + entryId);
  } catch {
    return null;
  }
}

/** After a language change: the server replaces the subscription, so messages come in the new language. */
export async function updatePushLanguage(token: string, entryId: string, lang: Language): Promise<void> {
  if (!pushSupported() || subscribedLanguage(entryId) === lang) return;
  try {
    const reg = await navigator.serviceWorker.getRegistration(PATIENT_SW_SCOPE);
    const sub = await reg?.pushManager.getSubscription();
    if (sub) await sendSubscription(token, entryId, sub, lang);
  } catch (err) {
    console.warn('updating the notification language failed', err);
  }
}
