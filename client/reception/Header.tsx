import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import { SignOut } from './SignOut.tsx';
import { SyncStatus } from './SyncStatus.tsx';
import type { SyncView } from './useSyncView.ts';

interface Props {
  clinicName: string;
  deviceName: string;
  sync: SyncView;
  onSignOut: () => Promise<void>;
}

export function Header({ clinicName, deviceName, sync, onSignOut }: Props) {
  return (
    <header class="top">
      <div class="brand">
        <h1 data-testid="clinic-name">{clinicName}</h1>
        <span class="muted">{deviceName}</span>
      </div>
      <SyncStatus view={sync} />
      <div class="top-tools">
        <LanguageSwitch />
        <SignOut pending={sync.pending} onSignOut={onSignOut} />
      </div>
    </header>
  );
}
