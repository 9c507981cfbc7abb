// The reception's "Check-in QR": a button in the header and a printable
// poster with the clinic's self check-in code. The link carries the clinic id
// (in the fragment): the check-in form asks the server for the rest. Shown on
// a reception tablet, the QR also carries an on-site code the tablet signs
// and rotates (shared/onsite.ts): scanned from the screen, the check-in is at
// the clinic; the printed poster's link and the owner's are remote.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ONSITE_WINDOW_MS, onSiteWindow, signOnSiteCode } from '../../shared/onsite.ts';
import { dirOf, type Language } from '../i18n/core.ts';
import { QrCode } from '../ui/QrCode.tsx';
import { QR_MESSAGES } from './messages.ts';
import './checkin-qr.css';

interface Props {
  clinicId: string;
  clinicName: string;
  /** The clinic's languages, in its order: the poster speaks each. */
  languages: readonly Language[];
  /** The reception's current language, for the button and the dialog. */
  uiLanguage: Language;
  /** The reception tablet showing the QR; absent elsewhere (the owner's setup): the QR is then the plain link. */
  signer?: OnSiteSigner | undefined;
}

export interface OnSiteSigner {
  id: string;
  capabilityKey: string;
}

/** Often enough that a new window's code is up within a few seconds of its start. */
const ROTATE_CHECK_MS = 5_000;

export const checkinUrl = (origin: string, clinicId: string, onSite?: string | null) =>
  `${origin}/checkin.html#c=${clinicId}${onSite ? `&o=${onSite}` : ''}`;

/** The on-site code for now, signed again when the ten-minute window turns. */
function useOnSiteCode(clinicId: string, signer: OnSiteSigner | undefined): string | null {
  const [code, setCode] = useState<{ window: number; code: string } | null>(null);
  useEffect(() => {
    if (!signer) return;
    let live = true;
    let signed = -1;
    const sign = () => {
      const now = Date.now();
      const window = onSiteWindow(now);
      if (window === signed) return;
      signed = window;
      void signOnSiteCode(clinicId, now, signer.id, new TextEncoder().encode(signer.capabilityKey)).then((c) => {
        if (live) setCode({ window, code: c });
      });
    };
    sign();
    const timer = setInterval(sign, Math.min(ROTATE_CHECK_MS, ONSITE_WINDOW_MS));
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [clinicId, signer]);
  return code?.code ?? null;
}

/** `onOpen`: called each time the poster opens (the owner's setup ticks its step). */
export function CheckinQrButton({ onOpen, ...props }: Props & { onOpen?: () => void }) {
  const [open, setOpen] = useState(false);
  const t = QR_MESSAGES[props.uiLanguage];
  return (
    <>
      <button
        type="button"
        class="btn"
        data-testid="checkin-qr-open"
        onClick={() => {
          setOpen(true);
          onOpen?.();
        }}
      >
        {t.open}
      </button>
      {open && <CheckinQrDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
}

function CheckinQrDialog({ clinicId, clinicName, languages, uiLanguage, signer, onClose }: Props & { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const t = QR_MESSAGES[uiLanguage];
  const url = checkinUrl(location.origin, clinicId);
  const onSite = useOnSiteCode(clinicId, signer);
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    // Printing shows the poster alone (see checkin-qr.css).
    document.documentElement.classList.add('printing-checkin-qr');
    return () => {
      document.documentElement.classList.remove('printing-checkin-qr');
      if (dialog?.open) dialog.close();
    };
  }, []);
  const posterLanguages = languages.length > 0 ? languages : [uiLanguage];
  return (
    <dialog ref={ref} class="checkin-qr-dialog" aria-labelledby="checkin-qr-title" data-testid="checkin-qr" onClose={onClose}>
      <div class="checkin-qr-bar">
        <h2 id="checkin-qr-title">{t.title}</h2>
        <div class="actions">
          <button type="button" class="btn primary" data-testid="checkin-qr-print" onClick={() => print()}>
            {t.print}
          </button>
          <button type="button" class="btn" data-testid="checkin-qr-close" onClick={onClose}>
            {t.close}
          </button>
        </div>
      </div>
      <article class="checkin-poster">
        <p class="poster-clinic">{clinicName}</p>
        <QrCode text={checkinUrl(location.origin, clinicId, onSite)} label={t.qrLabel} />
        <div class="poster-langs">
          {posterLanguages.map((l) => (
            <section key={l} lang={l} dir={dirOf(l)} class="poster-lang">
              <h3>{QR_MESSAGES[l].heading}</h3>
              <ol>
                {QR_MESSAGES[l].steps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
            </section>
          ))}
        </div>
        <p class="poster-url" dir="ltr">
          {url}
        </p>
      </article>
    </dialog>
  );
}
