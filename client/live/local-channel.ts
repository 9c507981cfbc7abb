// The waiting-room screen on the reception's own machine (issue 17): a second
// window or an HDMI TV showing display.html#local=<clinic>, fed by the
// reception tab over a BroadcastChannel (same browser profile, same origin),
// so it keeps calling patients while the clinic's internet is down. What
// crosses the channel is the public stream's frames, built by the same
// projection (shared/projection.ts): the screen never holds a name or a phone.
import type { PublicEvent } from '../../shared/projection.ts';

export const localChannelName = (clinicId: string) => `doctorq.local-display.${clinicId}`;

/** The page, and the fragment that tells it to read from the reception tab rather than the server. */
export const localDisplayPath = (clinicId: string) => `/display.html#local=${clinicId}`;

/** The clinic of a local screen's address, or null for a signed-in (remote) screen. */
export function localClinicOf(hash: string): string | null {
  const id = new URLSearchParams(hash.replace(/^#/, '')).get('local');
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

/** The frames the reception sends: a snapshot on demand, then changes. */
export type LocalFrame = Extract<PublicEvent, { type: 'snapshot' | 'entries' | 'doctors' | 'settings' }>;

export type LocalMessage =
  /** From the reception: the queue, and "still here" every HEARTBEAT_MS. */
  | LocalFrame
  | { type: 'heartbeat' }
  /** From a screen that needs the whole queue: at opening, and after it lost the reception. */
  | { type: 'hello' }
  /** From a screen, every second: keeps the reception feeding it (one that was not sends a snapshot). */
  | { type: 'watching' };
