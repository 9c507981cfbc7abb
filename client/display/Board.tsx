import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PublicEvent } from '../../shared/projection.ts';
import { TokenAuth } from '../db/auth.ts';
import { isLanguage, type Language } from '../i18n/core.ts';
import type { QueueState } from '../live/queue-state.ts';
import { useLiveQueue } from '../live/useLiveQueue.ts';
import { minutesSince, useNow } from '../live/useNow.ts';
import { board, callsIn, newCalls } from './board.ts';
import { DISPLAY_DICTIONARIES, useI18n } from './messages.ts';
import { AwayStrip, NextPanel, ServingPanel } from './Panels.tsx';
import { clearSession, saveTokens, signOutRemote, type DisplaySession } from './session.ts';
import { spokenTicket } from './sound.ts';
import { SoundControls, useAnnouncer } from './SoundControls.tsx';

/** The clock on screen changes by the minute; a few seconds late is fine. */
const CLOCK_MS = 5_000;
/** A fresh call stays highlighted this long. */
const HIGHLIGHT_MS = 20_000;
/** More languages than this and a call takes longer to say than the next one takes to come. */
const MAX_SPOKEN_LANGUAGES = 2;
const MAX_ANNOUNCED = 2;

export const displayQueueKey = (clinicId: string) => `doctorq.display-queue.${clinicId}`;

interface Props {
  session: DisplaySession;
  switcher: ComponentChildren;
  onSignedOut: () => void;
}

export function Board({ session, switcher, onSignedOut }: Props) {
  const { t, lang, time, minutesAgo } = useI18n();
  const now = useNow(CLOCK_MS);
  const auth = useMemo(() => new TokenAuth('', session, saveTokens), [session]);
  const sound = useAnnouncer();
  const seen = useRef<Set<string> | null>(null);
  const [highlight, setHighlight] = useState<{ id: string; until: number } | null>(null);
  const langRef = useRef(lang);
  langRef.current = lang;

  const onFrame = (_frame: PublicEvent, next: QueueState) => {
    const before = seen.current;
    seen.current = callsIn(next);
    // The first frame after opening is the state of things, not news.
    if (before) announce(newCalls(before, next), next);
  };

  const announce = (calls: ReturnType<typeof newCalls>, s: QueueState) => {
    const latest = calls.at(-1);
    if (!latest) return;
    setHighlight({ id: latest.id, until: Date.now() + HIGHLIGHT_MS });
    const languages = spokenLanguages(s, langRef.current);
    // After an outage several calls may arrive at once: say the latest few, not the whole morning.
    sound.announcer.announce(
      calls.slice(-MAX_ANNOUNCED).map((e) => {
        const room = (e.doctorId && s.doctors[e.doctorId]?.room) || null;
        return languages.map((l) => ({ lang: l, text: DISPLAY_DICTIONARIES[l].spoken(spokenTicket(e.ticket), room) }));
      }),
    );
  };

  const live = useLiveQueue({
    storageKey: displayQueueKey(session.clinicId),
    credential: { auth },
    onFrame,
  });
  useWakeLock();

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

  const b = board(live.state, now);
  const heardAt = live.state.heardAt;
  const minutes = minutesSince(heardAt, now);
  const stale = live.status === 'offline';
  const lit = highlight && highlight.until > now ? highlight.id : null;
  return (
    <div class="display">
      <header class="board-top">
        <h1 class="board-clinic">{live.state.settings?.name ?? session.clinicName}</h1>
        {stale && (
          <p class="stale" data-testid="stale" data-heard-at={heardAt} role="status">
            {heardAt === 0 ? t.offlineNoData : minutes < 1 ? t.offlineJustNow : t.offline(minutesAgo(minutes))}
          </p>
        )}
        <p class="board-clock" aria-hidden="true">
          {time(now)}
        </p>
        <div class="board-tools">
          <SoundControls sound={sound} />
          {switcher}
          <button type="button" class="btn quiet" data-testid="display-signout" onClick={signOut}>
            {t.signOut}
          </button>
        </div>
        <AwayStrip rows={b.away} />
      </header>
      <main class="board">
        <ServingPanel rows={b.serving} highlight={lit} />
        <NextPanel rows={b.next} />
      </main>
    </div>
  );
}

/** The clinic's languages (as configured, first ones first), else the screen's. */
function spokenLanguages(s: QueueState, screen: Language): Language[] {
  const clinic = (s.settings?.languages ?? []).filter(isLanguage).slice(0, MAX_SPOKEN_LANGUAGES);
  return clinic.length > 0 ? clinic : [screen];
}

/** A TV or tablet left on the wall must not go to sleep; refused quietly where unsupported. */
function useWakeLock(): void {
  useEffect(() => {
    const nav = navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } };
    if (!nav.wakeLock) return;
    let lock: { release(): Promise<void> } | null = null;
    const take = () => {
      if (document.visibilityState !== 'visible') return;
      nav.wakeLock!.request('screen').then(
        (l) => (lock = l),
        () => {},
      );
    };
    take();
    document.addEventListener('visibilitychange', take);
    return () => {
      document.removeEventListener('visibilitychange', take);
      void lock?.release().catch(() => {});
    };
  }, []);
}
