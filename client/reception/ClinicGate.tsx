// Opens the device's clinic (its local database and sync, useClinic.ts) and
// shows what it holds once open; until then "opening", or why it cannot open
// with a retry. One gate for the reception and the doctor's screen.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from './i18n/index.ts';
import { useClinic, type Clinic, type DeviceSession } from './useClinic.ts';
import type { Tokens } from '../db/auth.ts';

interface Props {
  session: DeviceSession;
  saveTokens: (t: Tokens) => void;
  children: (clinic: Clinic) => JSX.Element;
}

export function ClinicGate({ session, saveTokens, children }: Props) {
  const { t } = useI18n();
  const [attempt, setAttempt] = useState(0);
  const state = useClinic(session, attempt, saveTokens);
  if (state.kind === 'open') return children(state.clinic);
  return (
    <main class="center">
      {state.kind === 'opening' ? (
        <p>{t.opening}</p>
      ) : (
        <>
          <p role="alert" data-testid={state.kind === 'other-tab' ? 'banner-other-tab' : 'open-failed'}>
            {state.kind === 'other-tab' ? t.otherTab : t.openFailed}
          </p>
          <button type="button" class="btn primary" onClick={() => setAttempt((a) => a + 1)}>
            {t.retry}
          </button>
        </>
      )}
    </main>
  );
}
