import { CheckinQrButton, type OnSiteSigner } from '../checkin-qr/CheckinQr.tsx';
import { localDisplayPath } from '../live/local-channel.ts';
import { LanguageSwitch, useI18n, type Language } from './i18n/index.ts';
import { SignOut } from './SignOut.tsx';
import { SyncStatus } from './SyncStatus.tsx';
import type { SyncView } from './useSyncView.ts';

interface Props {
  clinicId: string;
  clinicName: string;
  /** The clinic's languages, for the check-in poster. */
  languages: readonly Language[];
  deviceName: string;
  /** This tablet, which signs the on-site code of the QR it shows. */
  signer: OnSiteSigner;
  sync: SyncView;
  onSignOut: () => Promise<void>;
}

/** One window: a second click brings the open screen back rather than opening another. */
const LOCAL_SCREEN_WINDOW = 'doctorq-waiting-room';

export function Header({ clinicId, clinicName, languages, deviceName, signer, sync, onSignOut }: Props) {
  const { t, lang } = useI18n();
  return (
    <header class="top">
      <div class="brand">
        <h1 data-testid="clinic-name">{clinicName}</h1>
        <span class="muted">{deviceName}</span>
      </div>
      <SyncStatus view={sync} />
      <div class="top-tools">
        <CheckinQrButton clinicId={clinicId} clinicName={clinicName} languages={languages} uiLanguage={lang} signer={signer} />
        <button
          type="button"
          class="btn"
          data-testid="local-screen-open"
          title={t.localScreenHint}
          onClick={() => window.open(localDisplayPath(clinicId), LOCAL_SCREEN_WINDOW)}
        >
          {t.localScreen}
        </button>
        <LanguageSwitch />
        <SignOut pending={sync.pending} onSignOut={onSignOut} />
      </div>
    </header>
  );
}
