import { useRef } from 'preact/hooks';
import type { Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';
import { QueueRow } from './QueueRow.tsx';
import { useDragReorder } from './useDragReorder.ts';

/**
 * Rows per block. Each block is skipped by the browser while off screen
 * (content-visibility), so a tap lays out the few blocks in view instead of
 * walking 500 rows; its position numbers continue from the block before.
 */
const BLOCK_ROWS = 25;

interface Props {
  waiting: readonly Entry[];
  doctorNames: ReadonlyMap<string, string>;
  now: number;
  view: string | null;
  readOnly: boolean;
  actions: EntryActions;
}

export function WaitingList({ waiting, doctorNames, now, view, readOnly, actions }: Props) {
  const { t, num } = useI18n();
  const listRef = useRef<HTMLDivElement>(null);
  const { drag, onGrab } = useDragReorder(listRef, (id, index) => void actions.moveTo(id, index, view).catch(reportWriteError));

  // The marker goes before the row the dragged one would land in front of;
  // none when it would land where it is.
  let dropBeforeId: string | null = null;
  let dropAtEnd = false;
  if (drag && drag.target !== drag.from) {
    const others = waiting.filter((e) => e.id !== drag.entryId);
    const before = others[drag.target];
    if (before) dropBeforeId = before.id;
    else dropAtEnd = true;
  }

  return (
    <section class="card waiting" aria-labelledby="waiting-title">
      <h2 id="waiting-title">
        {t.waitingTitle}{' '}
        <span class="count" data-testid="waiting-count">
          {num(waiting.length)}
        </span>
      </h2>
      {waiting.length === 0 ? (
        <p class="muted empty">{t.emptyQueue}</p>
      ) : (
        <div ref={listRef} class={drag ? 'queue is-dragging' : 'queue'}>
          {blocksOf(waiting).map((rows, b) => (
            <ol key={b} class="queue-block" start={b * BLOCK_ROWS + 1} style={{ counterReset: `position ${b * BLOCK_ROWS}` }}>
              {rows.map((e, j) => {
                const i = b * BLOCK_ROWS + j;
                return (
                  <QueueRow
                    key={e.id}
                    entry={e}
                    first={i === 0}
                    last={i === waiting.length - 1}
                    doctorName={e.doctorId === null ? null : (doctorNames.get(e.doctorId) ?? null)}
                    now={now}
                    view={view}
                    readOnly={readOnly}
                    dropBefore={e.id === dropBeforeId}
                    dragging={drag?.entryId === e.id}
                    actions={actions}
                    onGrab={onGrab}
                  />
                );
              })}
            </ol>
          ))}
          {dropAtEnd && <div class="drop-end" aria-hidden="true" />}
        </div>
      )}
    </section>
  );
}

function blocksOf<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BLOCK_ROWS) out.push(items.slice(i, i + BLOCK_ROWS));
  return out;
}
