import { useMemo, useRef } from 'preact/hooks';
import type { Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';
import { type Blocks, toBlocks } from './blocks.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';
import { QueueRow } from './QueueRow.tsx';
import { useDragReorder } from './useDragReorder.ts';
import { memo } from '../ui/memo.ts';
import type { OpenDialog } from './desk-dialog-state.ts';

interface Props {
  waiting: readonly Entry[];
  doctorNames: ReadonlyMap<string, string>;
  now: number;
  view: string | null;
  readOnly: boolean;
  actions: EntryActions;
  onDialog: OpenDialog;
  onPrint: (entry: Entry) => void;
}

export function WaitingList({ waiting, doctorNames, now, view, readOnly, actions, onDialog, onPrint }: Props) {
  const { t, num } = useI18n();
  const listRef = useRef<HTMLDivElement>(null);
  const blocksRef = useRef<Blocks<Entry> | null>(null);
  const { blocks, blockOf } = useMemo(() => (blocksRef.current = toBlocks(waiting, blocksRef.current)), [waiting]);
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
          {blocks.map(({ key, start, rows }) => (
            // Each block is skipped by the browser while off screen (content-visibility), so a tap lays
            // out the blocks in view instead of walking 500 rows. Its containment starts counters afresh,
            // so the list inside it carries on the numbering from the block before. No `start` attribute:
            // the rows are not list items, and setting it on every list after a call made Blink walk all
            // 500 rows for their list ordinals (~1.4 ms of each call next).
            <div key={key} class="queue-block">
              <ol class="queue-rows" style={{ counterReset: `position ${start}` }}>
                <BlockRows
                  rows={rows}
                  atStart={start === 0}
                  atEnd={start + rows.length === waiting.length}
                  dropBeforeId={dropBeforeId !== null && blockOf.get(dropBeforeId) === key ? dropBeforeId : null}
                  dragId={drag && blockOf.get(drag.entryId) === key ? drag.entryId : null}
                  doctorNames={doctorNames}
                  now={now}
                  view={view}
                  readOnly={readOnly}
                  actions={actions}
                  onPrint={onPrint}
                  onGrab={onGrab}
                  onDialog={onDialog}
                />
              </ol>
            </div>
          ))}
          {dropAtEnd && <div class="drop-end" aria-hidden="true" />}
        </div>
      )}
    </section>
  );
}

interface BlockRowsProps {
  rows: readonly Entry[];
  /** The block starts / ends the whole queue (its first / last row cannot move further). */
  atStart: boolean;
  atEnd: boolean;
  /** Drag state, null unless it concerns a row of this block. */
  dropBeforeId: string | null;
  dragId: string | null;
  doctorNames: ReadonlyMap<string, string>;
  now: number;
  view: string | null;
  readOnly: boolean;
  actions: EntryActions;
  onPrint: (entry: Entry) => void;
  onGrab: (e: PointerEvent, entryId: string) => void;
  onDialog: OpenDialog;
}

/**
 * A block's rows. Memoised apart from the block's place in the list: a call
 * shifts every block's start, but only the block that lost the row (whose
 * rows array is new, blocks.ts) walks its rows again.
 */
const BlockRows = memo(function BlockRows(p: BlockRowsProps) {
  const { rows } = p;
  return (
    <>
      {rows.map((e, j) => (
        <QueueRow
          key={e.id}
          entry={e}
          first={p.atStart && j === 0}
          last={p.atEnd && j === rows.length - 1}
          doctorName={e.doctorId === null ? null : (p.doctorNames.get(e.doctorId) ?? null)}
          now={p.now}
          view={p.view}
          readOnly={p.readOnly}
          dropBefore={e.id === p.dropBeforeId}
          dragging={e.id === p.dragId}
          actions={p.actions}
          onPrint={p.onPrint}
          onGrab={p.onGrab}
          onDialog={p.onDialog}
        />
      ))}
    </>
  );
});
