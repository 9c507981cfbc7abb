// Opens the tablet's database and starts its sync for a stored enrolment.
// Nothing here waits for the network: the queue shows from IndexedDB while
// the sync finds the server in the background.
import { useEffect, useState } from 'preact/hooks';
import { TokenAuth, type Tokens } from '../db/auth.ts';
import { openBrowserDb } from '../db/browser.ts';
import type { ClinicDb } from '../db/database.ts';
import { ClinicSync } from '../db/replication.ts';

/** What opening a device's database needs of its session (the reception's, the doctor's screen's). */
export interface DeviceSession extends Tokens {
  dbName: string;
  device: { id: string };
}

export interface Clinic {
  db: ClinicDb;
  sync: ClinicSync;
  /** Holds the current (possibly rotated) tokens. */
  auth: TokenAuth;
}

export type ClinicState =
  | { kind: 'opening' }
  | { kind: 'open'; clinic: Clinic }
  | { kind: 'other-tab' }
  | { kind: 'failed'; error: unknown };

/**
 * The database is opened without cross-tab coordination (one RxDB instance
 * replicates), so a second tab on the same enrolment must not open it: it
 * would miss the first tab's writes and push stale ones. A Web Lock held for
 * as long as the database is open decides which tab works. Browsers without
 * Web Locks (plain http on a LAN) go without the guard.
 */
function withTabLock(name: string, work: () => Promise<void>, busy: () => void): void {
  if (!navigator.locks) {
    void work();
    return;
  }
  void navigator.locks.request(`doctorq:${name}`, { ifAvailable: true }, async (lock) => {
    if (lock) await work();
    else busy();
  });
}

/** `saveTokens` keeps rotated tokens in the page's own session store. */
export function useClinic(session: DeviceSession, attempt: number, saveTokens: (t: Tokens) => void): ClinicState {
  const [state, setState] = useState<ClinicState>({ kind: 'opening' });
  useEffect(() => {
    let clinic: Clinic | null = null;
    let unmounted = false;
    let closed: () => void = () => {};
    const untilClosed = new Promise<void>((resolve) => (closed = resolve));
    // The browser knows before the sync's backoff does that the network is back.
    const online = () => clinic?.sync.reconnectNow();
    setState({ kind: 'opening' });

    const open = async () => {
      let db: ClinicDb;
      try {
        db = await openBrowserDb(session.dbName);
      } catch (error) {
        console.error('opening the clinic database failed', error);
        if (!unmounted) setState({ kind: 'failed', error });
        return;
      }
      if (unmounted) {
        await db.close();
        return;
      }
      const auth = new TokenAuth(location.origin, session, saveTokens);
      const sync = new ClinicSync(db, { baseUrl: location.origin, auth, identifier: session.device.id });
      clinic = { db, sync, auth };
      window.addEventListener('online', online);
      setState({ kind: 'open', clinic });
      // Hold the tab lock until this database is closed again.
      await untilClosed;
    };
    withTabLock(session.dbName, open, () => {
      if (!unmounted) setState({ kind: 'other-tab' });
    });

    return () => {
      unmounted = true;
      window.removeEventListener('online', online);
      if (clinic) void closeClinic(clinic).finally(closed);
      else closed();
    };
    // Keyed by the database, not the session object: one database per page, opened once.
  }, [session.dbName, attempt]);
  return state;
}

export async function closeClinic({ db, sync }: Clinic): Promise<void> {
  await sync.stop();
  if (!db.closed) await db.close();
}
