// What a waiting-room screen shows, however its queue arrives: the clinic, the
// clock, whether what it shows is current, who is called and who is next.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { receptionQuiet } from '../live/queue-state.ts';
import type { LiveQueue } from '../live/useLiveQueue.ts';
import { minutesSince, useNow } from '../live/useNow.ts';
import { board } from './board.ts';
import { useI18n } from './messages.ts';
import { AwayStrip, NextPanel, ServingPanel } from './Panels.tsx';
import { SoundControls } from './SoundControls.tsx';
import type { Calls } from './useCalls.ts';

/** The clock on screen changes by the minute; a few seconds late is fine. */
const CLOCK_MS = 5_000;

interface Props {
  live: LiveQueue;
  clinicName: string;
  calls: Calls;
  /** The language switch, and a sign-out for a signed-in screen. */
  tools: ComponentChildren;
}

export function BoardScreen({ live, clinicName, calls, tools }: Props) {
  const { t, time, minutesAgo } = useI18n();
  const now = useNow(CLOCK_MS);
  useWakeLock();
  const b = board(live.state, now);
  const heardAt = live.state.heardAt;
  const minutes = minutesSince(heardAt, now);
  const stale = live.status === 'offline';
  const seenAt = live.state.reception?.seenAt ?? null;
  return (
    <div class="display">
      <header class="board-top">
        <h1 class="board-clinic">{live.state.settings?.name ?? clinicName}</h1>
        {stale && (
          <p class="stale" data-testid="stale" data-heard-at={heardAt} role="status">
            {heardAt === 0 ? t.offlineNoData : minutes < 1 ? t.offlineJustNow : t.offline(minutesAgo(minutes))}
          </p>
        )}
        {!stale && receptionQuiet(live.state) && (
          <p class="stale" data-testid="reception-quiet" role="status">
            {t.receptionQuiet(seenAt === null ? null : minutesAgo(Math.max(1, minutesSince(seenAt, now))))}
          </p>
        )}
        <p class="board-clock" aria-hidden="true">
          {time(now)}
        </p>
        <div class="board-tools">
          <SoundControls sound={calls.sound} />
          {tools}
        </div>
        <AwayStrip rows={b.away} />
      </header>
      <main class="board">
        <ServingPanel rows={b.serving} highlight={calls.lit(now)} />
        <NextPanel rows={b.next} />
      </main>
    </div>
  );
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
