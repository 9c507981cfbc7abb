import { CheckinQrButton, type OnSiteSigner } from '../checkin-qr/CheckinQr.tsx';
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

export function Header({ clinicId, clinicName, languages, deviceName, signer, sync, onSignOut }: Props) {
  const { lang } = useI18n();
  return (
    <header class="top">
      <div class="brand">
        <h1 data-testid="clinic-name">{clinicName}</h1>
        <span class="muted">{deviceName}</span>
      </div>
      <SyncStatus view={sync} />
      <div class="top-tools">
        <CheckinQrButton clinicId={clinicId} clinicName={clinicName} languages={languages} uiLanguage={lang} signer={signer} />
        <LanguageSwitch />
        <SignOut pending={sync.pending} onSignOut={onSignOut} />
      </div>
    </header>
  );
}
