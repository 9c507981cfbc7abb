// Until the address is verified the owner can set up doctors and hours but
// not enrol a tablet. A new link replaces the old one.
import { useState } from 'preact/hooks';
import { ALREADY_VERIFIED_CODE } from '../../../shared/errors.ts';
import type { ApiError, OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';

interface Props {
  api: OwnerApi;
  base: string;
  verified: boolean;
  /** Asks for the setup state again. */
  refresh: () => void;
}

type Status = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'error'; error: ApiError };

export function EmailStep({ api, base, verified, refresh }: Props) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  if (verified) return <p>{t.emailVerifiedText}</p>;
  const resend = async () => {
    setStatus({ kind: 'sending' });
    const r = await api.empty('POST', `${base}/verification`);
    // Verified meanwhile (the link opened in another tab): the checklist catches up.
    if (!r.ok && r.code === ALREADY_VERIFIED_CODE) {
      setStatus({ kind: 'idle' });
      refresh();
      return;
    }
    setStatus(r.ok ? { kind: 'sent' } : { kind: 'error', error: r });
  };
  return (
    <>
      <p>{t.emailPendingText}</p>
      <div class="form-actions">
        <button type="button" class="btn" data-testid="email-resend" disabled={status.kind === 'sending'} onClick={() => void resend()}>
          {t.resendLink}
        </button>
        {status.kind === 'sent' && (
          <span class="ok-text" role="status" data-testid="email-resent">
            {t.linkResent}
          </span>
        )}
        {status.kind === 'error' && (
          <span class="error" role="alert" data-testid="email-resend-error" data-error={status.error.code}>
            {errorText(t, status.error, t.errServer)}
          </span>
        )}
      </div>
    </>
  );
}
