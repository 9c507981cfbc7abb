// A signed-in screen (a TV anywhere): the queue from the server's public stream.
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { TokenAuth } from '../db/auth.ts';
import { useLiveQueue } from '../live/useLiveQueue.ts';
import { BoardScreen } from './BoardScreen.tsx';
import { useI18n } from './messages.ts';
import { clearSession, saveTokens, signOutRemote, type DisplaySession } from './session.ts';
import { useCalls } from './useCalls.ts';

export const displayQueueKey = (clinicId: string) => `doctorq.display-queue.${clinicId}`;

interface Props {
  session: DisplaySession;
  switcher: ComponentChildren;
  onSignedOut: () => void;
}

export function Board({ session, switcher, onSignedOut }: Props) {
  const { t } = useI18n();
  const auth = useMemo(() => new TokenAuth('', session, saveTokens), [session]);
  const calls = useCalls();
  const live = useLiveQueue({
    storageKey: displayQueueKey(session.clinicId),
    credential: { auth },
    onFrame: calls.onFrame,
  });

  const signOut = async () => {
    if (!confirm(t.signOutConfirm)) return;
    await signOutRemote(auth.current.refreshToken);
    clearSession();
    onSignedOut();
  };

  if (live.status === 'revoked' || live.status === 'invalid') {
    return (
      <main class="display-center">
        <section class="card notice" role="alert" data-testid="display-revoked">
          <h1>{t.revokedTitle}</h1>
          <p>{t.revokedText}</p>
          <button
            type="button"
            class="btn primary"
            onClick={() => {
              clearSession();
              onSignedOut();
            }}
          >
            {t.signInAgain}
          </button>
        </section>
      </main>
    );
  }

  return (
    <BoardScreen
      live={live}
      clinicName={session.clinicName}
      calls={calls}
      tools={
        <>
          {switcher}
          <button type="button" class="btn quiet" data-testid="display-signout" onClick={signOut}>
            {t.signOut}
          </button>
        </>
      }
    />
  );
}
