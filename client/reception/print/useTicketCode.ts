// The short code printed under the QR (shared/ticket-code.ts), derived here
// with the device key, offline like the link. The server recomputes it with
// the same key to answer a patient who types it.
import { useEffect, useState } from 'preact/hooks';
import { type Mac, ticketCode } from '../../../shared/ticket-code.ts';
import type { Entry } from '../../../shared/schemas.ts';
import type { Signer } from '../useTicketLink.ts';

const webCryptoMac =
  (key: string): Mac =>
  async (message) => {
    const encode = (s: string) => new TextEncoder().encode(s);
    const k = await crypto.subtle.importKey('raw', encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await crypto.subtle.sign('HMAC', k, encode(message)));
  };

/** null while deriving, or if this browser cannot (no WebCrypto outside HTTPS). */
export function useTicketCode(entry: Pick<Entry, 'id' | 'clinicId'>, signer: Pick<Signer, 'capabilityKey'>): string | null {
  const [code, setCode] = useState<string | null>(null);
  const { id, clinicId } = entry;
  const { capabilityKey } = signer;
  useEffect(() => {
    let live = true;
    setCode(null);
    ticketCode(webCryptoMac(capabilityKey), clinicId, id).then(
      (c) => {
        if (live) setCode(c);
      },
      (err: unknown) => console.error('deriving the ticket code failed', err),
    );
    return () => {
      live = false;
    };
  }, [id, clinicId, capabilityKey]);
  return code;
}
