import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { AccountLink, accountLinkFromUrl } from './account/AccountLink.tsx';
import { I18nProvider, useLanguage } from './i18n/index.ts';
import { clearSession, loadSession, type OwnerSession } from './session.ts';
import { useVerifyLink } from './setup/VerifyLink.tsx';
import { SignIn } from './SignIn.tsx';
import { Workspace } from './Workspace.tsx';
import { dropParam } from './url.ts';

export function App() {
  const [i18n, setLanguage] = useLanguage();
  const [session, setSession] = useState<OwnerSession | null>(loadSession);
  // Set when the server ended the session (revoked, refresh refused), so the sign-in page says why.
  const [ended, setEnded] = useState(false);
  const verifyLink = useVerifyLink();
  // An invitation or reset link: its page first, then the usual one with what happened.
  const [link, setLink] = useState(accountLinkFromUrl);
  const [linkNotice, setLinkNotice] = useState<ComponentChildren>(null);
  const notice = (
    <>
      {verifyLink.notice}
      {linkNotice}
    </>
  );
  const leave = (why: 'signed_out' | 'ended') => {
    clearSession();
    setEnded(why === 'ended');
    setSession(null);
  };
  return (
    <I18nProvider i18n={i18n} setLanguage={setLanguage}>
      {link ? (
        <AccountLink
          link={link}
          onDone={(done, signedIn) => {
            dropParam(link.kind);
            setLink(null);
            setLinkNotice(done);
            if (signedIn) setSession(signedIn);
          }}
        />
      ) : session ? (
        <Workspace session={session} onLeave={leave} notice={notice} emailVerified={verifyLink.verified} />
      ) : (
        <SignIn
          ended={ended}
          notice={notice}
          onSignedIn={(s) => {
            setEnded(false);
            setSession(s);
          }}
        />
      )}
    </I18nProvider>
  );
}
