// The link a patient scans to follow their place. It carries a capability
// token the tablet signs itself with its device key, so a ticket issued
// offline still gets a working link; the server checks it against the key.
import { useEffect, useState } from 'preact/hooks';
import { signTicketToken, ticketPath } from '../../shared/capability.ts';
import type { Entry } from '../../shared/schemas.ts';

export interface Signer {
  deviceId: string;
  capabilityKey: string;
  timeZone: string;
}

/** null while signing, or if this browser cannot sign (no WebCrypto outside HTTPS). */
export function useTicketLink(entry: Pick<Entry, 'id' | 'clinicId' | 'day'>, signer: Signer): string | null {
  const [link, setLink] = useState<string | null>(null);
  const { id, clinicId, day } = entry;
  const { deviceId, capabilityKey, timeZone } = signer;
  useEffect(() => {
    let live = true;
    setLink(null);
    signTicketToken({ clinicId, entryId: id, day, timeZone }, deviceId, new TextEncoder().encode(capabilityKey)).then(
      (token) => {
        if (live) setLink(location.origin + ticketPath(token));
      },
      (err: unknown) => console.error('signing the ticket link failed', err),
    );
    return () => {
      live = false;
    };
  }, [id, clinicId, day, deviceId, capabilityKey, timeZone]);
  return link;
}
