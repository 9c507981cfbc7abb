// "On site": a check-in made from the QR code the clinic shows on its own
// screen, as opposed to a shared link or a printed poster (remote). The
// reception tablet signs a code for (clinic, ten-minute window) with its
// device key, offline like its ticket links, and puts it in the QR it shows,
// rotating it every window; the server accepts the current window and the
// previous one (a patient who scanned just before the turn). A photo of the
// screen stops working within twenty minutes.
import { SignJWT } from 'jose';

export const ONSITE_AUDIENCE = 'doctorq:onsite';
export const ONSITE_WINDOW_MS = 10 * 60_000;

export const onSiteWindow = (now: number) => Math.floor(now / ONSITE_WINDOW_MS);

/** Whether a code signed for `window` is still good at `now`: this window or the one before. */
export function onSiteWindowValid(window: number, now: number): boolean {
  const current = onSiteWindow(now);
  return Number.isInteger(window) && (window === current || window === current - 1);
}

export function signOnSiteCode(clinicId: string, now: number, deviceId: string, key: Uint8Array): Promise<string> {
  const w = onSiteWindow(now);
  return new SignJWT({ cid: clinicId, w })
    .setProtectedHeader({ alg: 'HS256', kid: deviceId })
    .setAudience(ONSITE_AUDIENCE)
    .setExpirationTime(Math.floor(((w + 2) * ONSITE_WINDOW_MS) / 1000))
    .sign(key);
}
