// The self check-in poster, the reception's own component. The server does
// not know whether it was printed: this browser remembers that the owner
// opened it, and that is what ticks the step.
import { useState } from 'preact/hooks';
import { Settings } from '../../../shared/schemas.ts';
import { CheckinQrButton } from '../../checkin-qr/CheckinQr.tsx';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import type { OwnedClinic } from '../schemas.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useLoad } from '../../ui/useLoad.ts';

interface Props {
  api: OwnerApi;
  base: string;
  clinic: OwnedClinic;
  onOpened: () => void;
}

export function QrStep({ api, base, clinic, onOpened }: Props) {
  const { t, lang } = useI18n();
  // The poster speaks the clinic's languages, which only the settings name.
  const settings = useLoad(() => api.get(`${base}/settings`, Settings), [api, base]);
  return (
    <>
      <p>{t.stepQrText}</p>
      <LoadState load={settings.load} onRetry={settings.reload}>
        {(s) => (
          <div class="qr-step">
            <CheckinQrButton clinicId={clinic.id} clinicName={s.name} languages={s.languages} uiLanguage={lang} onOpen={onOpened} />
          </div>
        )}
      </LoadState>
    </>
  );
}

const SHOWN_KEY = 'doctorq.owner.qr-shown';

/** Whether this browser has opened the clinic's poster; kept in localStorage, per clinic. */
export function usePosterOpened(clinicId: string): [boolean, () => void] {
  const key = `${SHOWN_KEY}.${clinicId}`;
  const [opened, setOpened] = useState(() => localStorage.getItem(key) !== null);
  const mark = () => {
    localStorage.setItem(key, new Date().toISOString());
    setOpened(true);
  };
  return [opened, mark];
}
