import { useEffect, useMemo, useState } from 'preact/hooks';
import { removeBrowserDb } from '../db/browser.ts';
import { Banners } from './Banners.tsx';
import { startAlivePings } from './alive.ts';
import { LocalDisplayFeed } from './local-display-feed.ts';
import { SetAsidePanel } from './SetAsidePanel.tsx';
import { Header } from './Header.tsx';
import { QueueScreen } from './QueueScreen.tsx';
import { clearSession, saveTokens, signOutRemote, type Session } from './session.ts';
import type { Clinic } from './useClinic.ts';
import { useDoctors, useSettings } from './useClinicData.ts';
import { useSyncView } from './useSyncView.ts';
import { returningLookup } from './returning.ts';
import { ClinicGate } from './ClinicGate.tsx';

interface Props {
  session: Session;
  onSignedOut: () => void;
}

export function Workspace({ session, onSignedOut }: Props) {
  return (
    <ClinicGate session={session} saveTokens={saveTokens}>
      {(clinic) => <ClinicView clinic={clinic} session={session} onSignedOut={onSignedOut} />}
    </ClinicGate>
  );
}

function ClinicView({ clinic, session, onSignedOut }: { clinic: Clinic; session: Session; onSignedOut: () => void }) {
  const sync = useSyncView(clinic);
  const settings = useSettings(clinic.db, session.clinic.id);
  const doctors = useDoctors(clinic.db);
  const storageRefused = useStorageRefused();
  // Waiting-room screens opened on this machine read the queue from here, internet or not.
  useEffect(() => {
    const feed = new LocalDisplayFeed(clinic.db, session.clinic.id);
    return () => feed.stop();
  }, [clinic.db, session.clinic.id]);
  // The clinic's phones know the queue is current while the server hears this.
  useEffect(() => startAlivePings(clinic.auth, location.origin), [clinic.auth]);
  const suggest = useMemo(() => returningLookup(clinic.db, clinic.auth), [clinic]);

  const signOut = async () => {
    // The tablet forgets the clinic even if the server cannot be told: the
    // patients' names must not stay on a tablet nobody is signed in to.
    await Promise.all([signOutRemote(clinic.auth.current.refreshToken), clinic.sync.stop().then(() => removeBrowserDb(clinic.db))]).catch(
      (err: unknown) => console.error('removing the local database failed', err),
    );
    clearSession();
    onSignedOut();
  };

  return (
    <>
      <Header
        clinicId={session.clinic.id}
        clinicName={settings?.name ?? session.clinic.name}
        languages={settings?.languages ?? []}
        deviceName={session.device.name}
        signer={session.device}
        sync={sync}
        onSignOut={signOut}
      />
      <main>
        <Banners sync={sync} storageRefused={storageRefused} />
        <SetAsidePanel setAside={clinic.sync.setAside} readOnly={sync.readOnly} />
        <QueueScreen db={clinic.db} session={session} settings={settings} doctors={doctors} readOnly={sync.readOnly} suggest={suggest} />
      </main>
    </>
  );
}

/**
 * Asks the browser not to evict the tablet's database under storage pressure:
 * unsynced changes live only there. True when the browser refused.
 */
function useStorageRefused(): boolean {
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    const storage = navigator.storage;
    if (!storage?.persist) return;
    let live = true;
    storage
      .persisted()
      .then((already) => already || storage.persist())
      .then(
        (granted) => {
          if (live && !granted) setRefused(true);
        },
        (err: unknown) => console.warn('persistent storage request failed', err),
      );
    return () => {
      live = false;
    };
  }, []);
  return refused;
}
