// How many rows of a list fit the room the screen leaves it (rows per column
// times columns, for a list laid out as a grid of columns). The list's
// height comes from the layout (its panel's share of the screen), never from
// its rows, so measuring does not feed back into what is measured. Rows of one
// list are alike, so the first tells the height of all: each time the rows or
// the room change, one render shows every row at full size to be measured,
// before the screen is painted with only those that fit.
import type { RefObject } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';

export function useRowsThatFit(list: RefObject<HTMLElement | null>, rowCount: number): number {
  // Bumped when the room changes: a TV rotated, a banner in the header, a font that loaded late.
  const [room, setRoom] = useState(0);
  const [fit, setFit] = useState<{ key: string; rows: number } | null>(null);
  const key = `${rowCount}/${room}`;
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const height = el.firstElementChild?.getBoundingClientRect().height ?? 0;
    if (height > 0) {
      const style = getComputedStyle(el);
      const gap = Number.parseFloat(style.rowGap) || 0;
      // The computed template lists one length per column track.
      const columns = Math.max(1, style.gridTemplateColumns.split(' ').filter((t) => t.endsWith('px')).length);
      setFit({ key, rows: Math.max(0, Math.floor((el.clientHeight + gap) / (height + gap))) * columns });
    }
    let seen = `${el.clientWidth}x${el.clientHeight}`;
    const observer = new ResizeObserver(() => {
      const now = `${el.clientWidth}x${el.clientHeight}`;
      if (now === seen) return;
      seen = now;
      setRoom((r) => r + 1);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [list, key]);
  return fit?.key === key ? fit.rows : Number.POSITIVE_INFINITY;
}
