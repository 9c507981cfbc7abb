// Drag-to-reorder with pointer events, so it works the same with a finger,
// a pen and a mouse (HTML5 drag events do not fire for touch on most
// tablets). The keyboard path is the move up/down buttons.
import type { RefObject } from 'preact';
import { useCallback, useRef, useState } from 'preact/hooks';

export interface DragState {
  entryId: string;
  /** Index of the dragged row in the list on screen. */
  from: number;
  /** Index among the other rows where it would land: moveTo's target index. */
  target: number;
}

/** Within this distance of the viewport edge the page scrolls, so a long queue can be crossed. */
const EDGE_PX = 64;
const SCROLL_STEP_PX = 16;

/** How many of the ascending `mids` lie above `y`: the insertion index. */
function insertionIndex(mids: readonly number[], y: number): number {
  let lo = 0;
  let hi = mids.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (mids[m]! < y) lo = m + 1;
    else hi = m;
  }
  return lo;
}

export function useDragReorder(
  list: RefObject<HTMLElement | null>,
  onDrop: (entryId: string, targetIndex: number) => void,
): { drag: DragState | null; onGrab: (e: PointerEvent, entryId: string) => void } {
  const [drag, setDrag] = useState<DragState | null>(null);
  const dropRef = useRef(onDrop);
  dropRef.current = onDrop;

  // Stable, so memoized rows do not re-render because of it.
  const onGrab = useCallback(
    (e: PointerEvent, entryId: string) => {
      if (e.button !== 0 || !list.current) return;
      e.preventDefault();
      const handle = e.currentTarget as HTMLElement;
      handle.setPointerCapture(e.pointerId);
      const rows = Array.from(list.current.querySelectorAll<HTMLElement>('[data-testid="queue-row"]'));
      const from = rows.findIndex((r) => r.dataset.entryId === entryId);
      if (from < 0) return;
      // Row middles in page coordinates, measured once: scrolling during the drag does not invalidate them.
      const mids = rows
        .filter((_, i) => i !== from)
        .map((r) => {
          const box = r.getBoundingClientRect();
          return box.top + box.height / 2 + window.scrollY;
        });
      let target = from;
      setDrag({ entryId, from, target });

      const move = (ev: PointerEvent) => {
        if (ev.clientY < EDGE_PX) window.scrollBy(0, -SCROLL_STEP_PX);
        else if (ev.clientY > window.innerHeight - EDGE_PX) window.scrollBy(0, SCROLL_STEP_PX);
        const next = insertionIndex(mids, ev.clientY + window.scrollY);
        if (next !== target) {
          target = next;
          setDrag({ entryId, from, target });
        }
      };
      const end = (drop: boolean) => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
        handle.removeEventListener('pointercancel', cancel);
        handle.removeEventListener('lostpointercapture', cancel);
        window.removeEventListener('keydown', onEscape);
        setDrag(null);
        if (drop && target !== from) dropRef.current(entryId, target);
      };
      const up = () => end(true);
      const cancel = () => end(false);
      const onEscape = (ev: KeyboardEvent) => {
        if (ev.key === 'Escape') end(false);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
      handle.addEventListener('pointercancel', cancel);
      // A row moved by a replicated change mid-drag can lose the capture: drop nothing then.
      handle.addEventListener('lostpointercapture', cancel);
      window.addEventListener('keydown', onEscape);
    },
    [list],
  );

  return { drag, onGrab };
}
