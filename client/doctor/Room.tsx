// The doctor's screen once enrolled: the local database and its sync (the
// reception's), a header with the sync state ("not synced" count included),
// and the doctor's queue.
import { removeBrowserDb } from '../db/browser.ts';
import { Banners } from '../reception/Banners.tsx';
import { LanguageSwitch, useI18n } from '../reception/i18n/index.ts';
import { SignOut } from '../reception/SignOut.tsx';
import { SyncStatus } from '../reception/SyncStatus.tsx';
import type { Clinic } from '../reception/useClinic.ts';
import { useDoctors, useSettings } from '../reception/useClinicData.ts';
import { useSyncView } from '../reception/useSyncView.ts';
import { clearSession, saveTokens, signOutRemote, type Session } from './session.ts';
import { RoomQueue } from './RoomQueue.tsx';
import { ClinicGate } from '../reception/ClinicGate.tsx';

interface Props {
  session: Session;
  onSignedOut: () => void;
}

export function Room({ session, onSignedOut }: Props) {
  return (
    <ClinicGate session={session} saveTokens={saveTokens}>
      {(clinic) => <RoomView clinic={clinic} session={session} onSignedOut={onSignedOut} />}
    </ClinicGate>
  );
}

function RoomView({ clinic, session, onSignedOut }: { clinic: Clinic; session: Session; onSignedOut: () => void }) {
  const { t } = useI18n();
  const sync = useSyncView(clinic);
  const settings = useSettings(clinic.db, session.clinic.id);
  const doctors = useDoctors(clinic.db);
  const doctor = doctors.find((d) => d.id === session.device.doctorId) ?? null;

  const signOut = async () => {
    // Like the tablet: the screen forgets the clinic even if the server cannot be told.
    await Promise.all([signOutRemote(clinic.auth.current.refreshToken), clinic.sync.stop().then(() => removeBrowserDb(clinic.db))]).catch(
      (err: unknown) => console.error('removing the local database failed', err),
    );
    clearSession();
    onSignedOut();
  };

  return (
    <>
      <header class="top">
        <div class="brand">
          <h1 data-testid="doctor-name">{doctor?.name ?? t.doctorScreen.appTitle}</h1>
          <span class="muted">
            {settings?.name ?? session.clinic.name}
            {doctor?.room ? ` · ${t.room(doctor.room)}` : ''}
          </span>
        </div>
        <SyncStatus view={sync} />
        <div class="top-tools">
          <LanguageSwitch />
          <SignOut pending={sync.pending} onSignOut={signOut} />
        </div>
      </header>
      <main>
        <Banners sync={sync} storageRefused={false} />
        {doctor ? (
          <RoomQueue db={clinic.db} session={session} doctor={doctor} timeZone={settings?.timeZone ?? null} readOnly={sync.readOnly} />
        ) : (
          <p class="muted" data-testid="unknown-doctor">
            {t.doctorScreen.unknownDoctor}
          </p>
        )}
      </main>
    </>
  );
}
