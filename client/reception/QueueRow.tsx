import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';
import { memo } from '../ui/memo.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';
import type { OpenDialog } from './desk-dialog-state.ts';

const MINUTE = 60_000;

export interface QueueRowProps {
  entry: Entry;
  /**
   * Ends of the queue, for the move buttons. The position number itself is a
   * CSS counter: a call-next shifts every position, and re-rendering 500 rows
   * for that would cost more than the write.
   */
  first: boolean;
  last: boolean;
  doctorName: string | null;
  /** The minute clock: rows re-render once a minute for their waiting time, not on every tick. */
  now: number;
  /** The doctor tab on screen (null: all): moves and calls act within it. */
  view: string | null;
  readOnly: boolean;
  dropBefore: boolean;
  dragging: boolean;
  actions: EntryActions;
  /** Reprints the patient's ticket (stable: rows are memoised by their props). */
  onPrint: (entry: Entry) => void;
  onGrab: (e: PointerEvent, entryId: string) => void;
  onDialog: OpenDialog;
}

type MoveButton = 'move-up' | 'move-down';

/**
 * One waiting patient. Memoized: with every prop compared by identity, a
 * write re-renders only the rows it changed.
 */
export const QueueRow = memo(function QueueRow(p: QueueRowProps) {
  const { t, minutes, time } = useI18n();
  const { entry, readOnly, actions } = p;
  const rowRef = useRef<HTMLLIElement>(null);
  const refocus = useRef<MoveButton | null>(null);
  const urgent = entry.priority === 'urgent';
  const label = `${entry.ticket} ${entry.name}`;

  // Moving a row moves its DOM node, and the browser drops focus from a
  // moved node: give it back so the keyboard can keep moving the patient.
  // A move gives the entry a new rank, so it is a new object.
  useLayoutEffect(() => {
    const want = refocus.current;
    refocus.current = null;
    if (!want || !rowRef.current) return;
    const button =
      rowRef.current.querySelector<HTMLButtonElement>(`[data-testid="${want}"]:not(:disabled)`) ??
      rowRef.current.querySelector<HTMLButtonElement>('[data-testid^="move-"]:not(:disabled)');
    // focus() brings the page's style up to date first: not when the button kept it (the row did not move).
    if (button && document.activeElement !== button) button.focus();
  }, [entry]);

  const run = (action: Promise<void>) => void action.catch(reportWriteError);
  const move = (which: MoveButton) => {
    refocus.current = which;
    run(which === 'move-up' ? actions.moveUp(entry.id, p.view) : actions.moveDown(entry.id, p.view));
  };

  const classes = ['row', urgent && 'urgent', p.dragging && 'dragging', p.dropBefore && 'drop-before'].filter(Boolean).join(' ');
  return (
    <li ref={rowRef} class={classes} data-testid="queue-row" data-entry-id={entry.id} data-ticket={entry.ticket}>
      <span
        class="grip"
        aria-hidden="true"
        data-testid="drag-handle"
        title={t.dragHandle}
        onPointerDown={readOnly ? undefined : (e) => p.onGrab(e, entry.id)}
      />
      <span class="position" />
      <span class="ticket" dir="ltr">
        {entry.ticket}
      </span>
      <span class="who">
        <span class="name">
          {entry.name}
          {urgent && <span class="badge urgent-badge">{t.urgent}</span>}
          {entry.lateUntil !== null && entry.lateUntil > p.now && (
            <span class="badge late-badge" data-testid="late-badge">
              {t.lateUntil(time(entry.lateUntil))}{' '}
              <button
                type="button"
                class="btn small"
                data-testid="clear-late"
                aria-label={`${t.clearLate}: ${label}`}
                disabled={readOnly}
                onClick={() => run(actions.clearLate(entry.id))}
              >
                {t.clearLate}
              </button>
            </span>
          )}
        </span>
        <span class="meta muted">
          {p.doctorName ?? t.anyDoctor} · {t.waited(minutes(Math.max(0, Math.floor((p.now - entry.arrivedAt) / MINUTE))))}
          {entry.phone && (
            <span dir="ltr" class="phone">
              {' '}
              · {entry.phone}
            </span>
          )}
        </span>
      </span>
      <span class="row-actions">
        <button
          type="button"
          class="btn icon"
          data-testid="move-up"
          aria-label={`${t.moveUp}: ${label}`}
          disabled={readOnly || p.first}
          onClick={() => move('move-up')}
        >
          ▲
        </button>
        <button
          type="button"
          class="btn icon"
          data-testid="move-down"
          aria-label={`${t.moveDown}: ${label}`}
          disabled={readOnly || p.last}
          onClick={() => move('move-down')}
        >
          ▼
        </button>
        <button
          type="button"
          class="btn icon urgent-toggle"
          data-testid="toggle-urgent"
          aria-label={`${t.urgent}: ${label}`}
          aria-pressed={urgent}
          disabled={readOnly}
          onClick={() => run(actions.setUrgent(entry.id, !urgent))}
        >
          !
        </button>
        <button
          type="button"
          class="btn icon"
          data-testid="print-ticket"
          aria-label={`${t.printTicket}: ${label}`}
          title={t.printTicket}
          onClick={() => p.onPrint(entry)}
        >
          🖨
        </button>
        <button
          type="button"
          class="btn primary"
          data-testid="call"
          aria-label={`${t.call}: ${label}`}
          disabled={readOnly}
          onClick={() => run(actions.call(entry.id, entry.doctorId ?? p.view))}
        >
          {t.call}
        </button>
        <button
          type="button"
          class="btn"
          data-testid="no-show"
          aria-label={`${t.noShow}: ${label}`}
          disabled={readOnly}
          onClick={() => run(actions.markNoShow(entry.id))}
        >
          {t.noShow}
        </button>
        <button
          type="button"
          class="btn"
          data-testid="edit"
          aria-label={`${t.edit}: ${label}`}
          disabled={readOnly}
          onClick={() => p.onDialog({ kind: 'edit', entryId: entry.id })}
        >
          {t.edit}
        </button>
        <button
          type="button"
          class="btn danger-text"
          data-testid="cancel"
          aria-label={`${t.cancel}: ${label}`}
          disabled={readOnly}
          onClick={() => p.onDialog({ kind: 'remove', entryId: entry.id })}
        >
          {t.cancel}
        </button>
      </span>
    </li>
  );
});
