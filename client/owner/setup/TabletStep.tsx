// Enrolling the reception tablet with a one-time code: nobody types the
// owner's password on a shared tablet. While a code is shown the setup state
// is asked again every few seconds, so the page sees the tablet arrive.
import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import { EnrolmentCode, type EnrolmentCodeBody } from '../../../shared/saas.ts';
import { QrCode } from '../../ui/QrCode.tsx';
import type { ApiError, OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';

/** How often the setup state is asked again while a code waits for its tablet. */
const POLL_MS = 3000;
const TICK_MS = 1000;
/** The code's two halves, as people read it out and type it. */
const GROUP = 4;

interface Props {
  api: OwnerApi;
  base: string;
  /** Devices enrolled, from the setup state. */
  devices: number;
  /** Asks for the setup state again. */
  refresh: () => void;
}

/** The code on screen, and the device count when it was made: one more means it was used. */
type Shown = { code: EnrolmentCode; devicesBefore: number };

export function TabletStep({ api, base, devices, refresh }: Props) {
  const { t, num } = useI18n();
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const enrolled = shown !== null && devices > shown.devicesBefore;
  const now = useNow(shown === null || enrolled ? null : Date.parse(shown.code.expiresAt));
  const left = shown === null ? 0 : Date.parse(shown.code.expiresAt) - now;
  const waiting = shown !== null && !enrolled && left > 0;

  useEffect(() => {
    if (!waiting) return;
    const id = setInterval(refresh, POLL_MS);
    return () => clearInterval(id);
  }, [waiting]);

  const create = async () => {
    setBusy(true);
    setError(null);
    // A new code replaces the one shown (or the "enrolled" of the last one), refused or not.
    setShown(null);
    const body: z.infer<typeof EnrolmentCodeBody> = { kind: 'reception' };
    const r = await api.send('POST', `${base}/enrolment-codes`, body, EnrolmentCode);
    setBusy(false);
    if (r.ok) setShown({ code: r.data, devicesBefore: devices });
    else setError(r);
  };

  return (
    <>
      <p>{t.stepTabletText}</p>
      <p data-testid="enrol-devices" data-devices={devices}>
        {t.devicesEnrolled(num(devices))}
      </p>
      {shown && waiting && <CodeCard code={shown.code} left={left} />}
      {enrolled && (
        <p class="ok-text" role="status" data-testid="enrol-done">
          {t.tabletEnrolled}
        </p>
      )}
      {shown !== null && !enrolled && !waiting && (
        <p class="error" role="status" data-testid="enrol-expired">
          {t.codeExpired}
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="enrol-error" data-error={error.code}>
          {errorText(t, error, t.errServer)}
        </p>
      )}
      <button
        type="button"
        class={`btn${waiting ? '' : ' primary'}`}
        data-testid="enrol-create"
        disabled={busy}
        onClick={() => void create()}
      >
        {shown === null ? t.createCode : t.createAnotherCode}
      </button>
    </>
  );
}

/** The code, its expiry and its QR code; `howTo` says where to type it (the reception tablet's words by default). */
export function CodeCard({ code, left, howTo }: { code: EnrolmentCode; left: number; howTo?: string }) {
  const { t } = useI18n();
  // The server may answer with a path: a QR code needs the whole address.
  const url = new URL(code.url, location.origin).href;
  return (
    <div class="enrol-box">
      <div class="enrol-text">
        <p class="muted">{t.enrolmentCode}</p>
        <p class="enrol-code" dir="ltr" data-testid="enrol-code" data-code={code.code}>
          <span>{code.code.slice(0, GROUP)}</span> <span>{code.code.slice(GROUP)}</span>
        </p>
        <p role="timer" data-testid="enrol-expiry">
          {t.codeExpiresIn(minutesSeconds(left))}
        </p>
        <p>{howTo ?? t.tabletHowTo}</p>
      </div>
      <figure class="enrol-qr">
        <QrCode text={url} label={t.codeQrLabel} />
        <figcaption class="muted">{t.codeQrHint}</figcaption>
      </figure>
    </div>
  );
}

/** m:ss, rounded up, so "0:00" shows only once the code has expired. */
function minutesSeconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The clock, ticking every second until `until` (epoch ms) has passed; still when null. */
export function useNow(until: number | null): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const id = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= until) clearInterval(id);
    }, TICK_MS);
    return () => clearInterval(id);
  }, [until]);
  return now;
}
