// The emailed links of staff accounts open the owner page: `?invite=<token>`
// to join a clinic, `?reset=<token>` to choose a new password. The token is
// the credential, so these work signed out. An invitee without an account
// sets their password here; one with an account types the password it has.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { Grant } from '../../../shared/auth.ts';
import { InvitationInfo, LinkToken } from '../../../shared/staff.ts';
import { SignInCard } from '../../ui/SignInForm.tsx';
import { type ApiError, publicRequest } from '../api.ts';
import { LanguageSwitch, type OwnerMessages, useI18n } from '../i18n/index.ts';
import { saveSession, type OwnerSession } from '../session.ts';
import { param } from '../url.ts';

export type LinkKind = 'invite' | 'reset';
export interface AccountLinkParams {
  kind: LinkKind;
  token: string;
}

/** The server's rule for a new password (shared/saas.ts Password). */
const MIN_PASSWORD = 10;
const Accepted = z.object({ grant: Grant });
const ResetDone = z.object({ reset: z.literal(true) });

/** The link the page was opened from, if any. A malformed token still shows the page, which says the link is invalid. */
export function accountLinkFromUrl(): AccountLinkParams | null {
  for (const kind of ['invite', 'reset'] as const) {
    const token = param(kind);
    if (token !== null) return { kind, token };
  }
  return null;
}

interface Props {
  link: AccountLinkParams;
  /** Done: what to show next on the sign-in page, and the session when the invitee is an owner, signed in at once. */
  onDone: (notice: ComponentChildren, session: OwnerSession | null) => void;
}

function linkError(t: OwnerMessages, e: ApiError): string {
  switch (e.code) {
    case 'invalid_token':
      return t.linkInvalid;
    case 'bad_credentials':
      return t.errWrongPassword;
    case 'invalid_body':
      return t.newPasswordHint;
    case 'rate_limited':
      return t.errRateLimited;
    case 'offline':
      return t.errOffline;
    default:
      return t.errServer;
  }
}

const notice = (text: string) => (
  <p class="banner ok" role="status" data-testid="account-link-done">
    {text}
  </p>
);

export function AccountLink({ link, onDone }: Props) {
  const { t } = useI18n();
  const valid = LinkToken.safeParse(link.token).success;
  const [info, setInfo] = useState<InvitationInfo | null>(null);
  const [state, setState] = useState<'checking' | 'ready' | 'invalid' | 'failed'>(
    !valid ? 'invalid' : link.kind === 'invite' ? 'checking' : 'ready',
  );
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!valid || link.kind !== 'invite') return;
    void publicRequest('POST', '/api/auth/invitation', { token: link.token }, InvitationInfo).then((r) => {
      if (r.ok) setInfo(r.data);
      setState(r.ok ? 'ready' : r.code === 'invalid_token' || r.code === 'invalid_body' ? 'invalid' : 'failed');
    });
  }, [link, valid]);

  const newAccount = link.kind === 'reset' || info?.existingAccount === false;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    if (link.kind === 'reset') {
      const r = await publicRequest('POST', '/api/auth/password-reset', { token: link.token, password }, ResetDone);
      setBusy(false);
      if (r.ok) onDone(notice(t.resetDone), null);
      else setError(linkError(t, r));
      return;
    }
    const r = await publicRequest('POST', '/api/auth/invitation/accept', { token: link.token, password }, Accepted);
    setBusy(false);
    if (!r.ok) {
      setError(linkError(t, r));
      return;
    }
    // Only an owner works on this page; other roles sign in on the reception or display page.
    const owner = r.data.grant.role === 'owner';
    if (owner) saveSession(r.data.grant);
    onDone(notice(t.accepted(r.data.grant.clinic.name)), owner ? r.data.grant : null);
  };

  const title = link.kind === 'reset' ? t.resetTitle : info ? t.acceptTitle(info.clinicName) : t.inviteTitle;
  const intro = link.kind === 'invite' && info ? t.acceptIntro(t.roles[info.role], info.email) : '';
  return (
    <SignInCard title={title} intro={intro} testId={`account-${link.kind}-form`} top={<LanguageSwitch />} onSubmit={submit}>
      {state === 'checking' && <p role="status">{t.linkChecking}</p>}
      {(state === 'invalid' || state === 'failed') && (
        <p class="banner danger" role="alert" data-testid="account-link-invalid">
          {state === 'invalid' ? t.linkInvalid : t.linkFailed}
        </p>
      )}
      {state === 'invalid' && <a href="/owner.html">{t.openApp}</a>}
      {state === 'ready' && (
        <>
          <label class="field">
            <span>{newAccount ? (link.kind === 'reset' ? t.newPassword : t.acceptNewAccount) : t.acceptExistingAccount}</span>
            <input
              data-testid="account-password"
              type="password"
              dir="ltr"
              required
              minLength={newAccount ? MIN_PASSWORD : 1}
              maxLength={200}
              autoComplete={newAccount ? 'new-password' : 'current-password'}
              aria-describedby={newAccount ? 'account-password-hint' : undefined}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            {newAccount && (
              <small id="account-password-hint" class="muted">
                {t.newPasswordHint}
              </small>
            )}
          </label>
          {error && (
            <p class="error" role="alert" data-testid="account-error">
              {error}
            </p>
          )}
          <button type="submit" class="btn primary" data-testid="account-submit" disabled={busy}>
            {link.kind === 'reset' ? t.resetSubmit : t.accept}
          </button>
        </>
      )}
    </SignInCard>
  );
}
