// The emailed verification link opens /owner.html?verify=<token>. The token
// is the credential, so this works signed in or not: the page sends it once,
// says how it went, and takes it out of the address. A link that could not be
// checked (no network, server error) stays, so a reload tries again.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { VerifyBody } from '../../../shared/saas.ts';
import { publicRequest } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { Verified } from '../schemas.ts';
import { dropParam, param } from '../url.ts';

const VERIFY_PARAM = 'verify';

type Outcome = 'checking' | 'verified' | 'invalid' | 'failed';

/** Answers that settle the link for good: it is used, unknown or expired, or not a token at all. */
const REFUSED = new Set(['invalid_token', 'invalid_body']);

export interface VerifyLink {
  /** What to show about the link, or null when the page was not opened from one. */
  notice: ComponentChildren;
  verified: boolean;
}

export function useVerifyLink(): VerifyLink {
  const [outcome, setOutcome] = useState<Outcome | null>(() => (param(VERIFY_PARAM) === null ? null : 'checking'));
  useEffect(() => {
    const token = param(VERIFY_PARAM);
    if (token === null) return;
    const body = VerifyBody.safeParse({ token });
    if (!body.success) {
      dropParam(VERIFY_PARAM);
      setOutcome('invalid');
      return;
    }
    void publicRequest('POST', '/api/signup/verify', body.data, Verified).then((r) => {
      const settled = r.ok || REFUSED.has(r.code);
      if (settled) dropParam(VERIFY_PARAM);
      setOutcome(r.ok ? 'verified' : settled ? 'invalid' : 'failed');
    });
  }, []);
  return { notice: outcome && <VerifyNotice outcome={outcome} />, verified: outcome === 'verified' };
}

function VerifyNotice({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  const text = { checking: t.verifying, verified: t.verified, invalid: t.verifyInvalid, failed: t.verifyFailed }[outcome];
  const tone = outcome === 'verified' ? 'ok' : outcome === 'checking' ? 'note' : 'danger';
  // One live region from "checking" to the answer, so the answer is announced.
  return (
    <p class={`banner ${tone}`} role="status" data-testid="verify-result" data-result={outcome}>
      {text}
    </p>
  );
}
