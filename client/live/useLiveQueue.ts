// Connects a page to the public stream for as long as it is mounted, with the
// saved copy shown until (and unless) the server answers.
import { useEffect, useState } from 'preact/hooks';
import type { PublicEvent } from '../../shared/projection.ts';
import { applyFrame, emptyQueue, loadQueue, saveQueue, type QueueState } from './queue-state.ts';
import { openPublicStream, type StreamCredential, type StreamStatus } from './stream.ts';

/** Heartbeats only move "heard at": saving that every 20 s is plenty. */
const SAVE_HEARD_MS = 20_000;

export interface LiveQueue {
  state: QueueState;
  status: StreamStatus;
}

interface Options {
  /** localStorage key of this page's saved copy. */
  storageKey: string;
  credential: StreamCredential;
  /** false: show the saved copy only (e.g. the ticket link already expired). */
  connect?: boolean;
  /** Each frame, after it was applied (the display chimes on calls). */
  onFrame?: (frame: PublicEvent, next: QueueState) => void;
}

export function useLiveQueue({ storageKey, credential, connect = true, onFrame }: Options): LiveQueue {
  const [state, setState] = useState<QueueState>(() => loadQueue(storageKey) ?? emptyQueue());
  const [status, setStatus] = useState<StreamStatus>('connecting');

  useEffect(() => {
    if (!connect) return;
    let current = loadQueue(storageKey) ?? emptyQueue();
    let savedAt = 0;
    const save = (force: boolean) => {
      const now = Date.now();
      if (!force && now - savedAt < SAVE_HEARD_MS) return;
      savedAt = now;
      saveQueue(storageKey, current);
    };
    return openPublicStream({
      credential,
      onStatus: setStatus,
      onFrame: (f) => {
        current = applyFrame(current, f, Date.now());
        save(true);
        setState(current);
        onFrame?.(f, current);
      },
      onHeard: (at) => {
        current = { ...current, heardAt: at };
        save(false);
        setState(current);
      },
    });
    // The credential is read once per connection lifetime, like the storage key.
  }, [storageKey, connect]);

  return { state, status };
}
