// The queue of a screen on the reception's own machine, from the reception
// tab (client/reception/local-display-feed.ts) over a BroadcastChannel, not
// from the server: it keeps moving while the clinic's internet is down. Same
// frames and the same state as the public stream (client/live/queue-state.ts),
// so the board, its calls and its chime do not know the difference.
import { useEffect, useState } from 'preact/hooks';
import { HEARTBEAT_MS } from '../../shared/heartbeat.ts';
import type { PublicEvent } from '../../shared/projection.ts';
import { localChannelName, type LocalFrame, type LocalMessage } from '../live/local-channel.ts';
import { applyFrame, emptyQueue, type QueueState } from '../live/queue-state.ts';
import type { LiveQueue } from '../live/useLiveQueue.ts';

/** As the stream's watchdog: two missed heartbeats and a second, then the screen says it shows old data. */
const SILENCE_MS = 2 * HEARTBEAT_MS + 1_000;
const CHECK_MS = 1_000;
const FRAMES = new Set<LocalMessage['type']>(['snapshot', 'entries', 'doctors', 'settings']);
const isFrame = (m: LocalMessage): m is LocalFrame => FRAMES.has(m.type);

export function useLocalQueue(clinicId: string, onFrame: (frame: PublicEvent, next: QueueState) => void): LiveQueue {
  const [state, setState] = useState<QueueState>(emptyQueue);
  const [status, setStatus] = useState<LiveQueue['status']>('connecting');

  useEffect(() => {
    const channel = new BroadcastChannel(localChannelName(clinicId));
    const post = (m: LocalMessage) => channel.postMessage(m);
    let current = emptyQueue();
    let live = false;
    let heardAt = Date.now();
    channel.onmessage = (ev: MessageEvent<LocalMessage>) => {
      const m = ev.data;
      // Other screens' hellos travel on the same channel: only the reception's messages count.
      if (m?.type === 'heartbeat') current = { ...current, heardAt: Date.now() };
      else if (m && isFrame(m)) {
        if (m.type === 'snapshot') {
          live = true;
          setStatus('live');
        }
        current = applyFrame(current, m, Date.now());
        onFrame(m, current);
      } else return;
      heardAt = current.heardAt;
      setState(current);
    };
    post({ type: 'hello' });
    const timer = setInterval(() => {
      if (Date.now() - heardAt > SILENCE_MS) {
        live = false;
        setStatus('offline');
      }
      // Lost (the reception tab closed or reloaded): ask for everything again until it answers.
      post(live ? { type: 'watching' } : { type: 'hello' });
    }, CHECK_MS);
    return () => {
      clearInterval(timer);
      channel.close();
    };
  }, [clinicId]);

  return { state, status };
}
