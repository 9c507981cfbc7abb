// Under an audit table: why the last "older" failed, and the button that asks
// for the events before the last one shown, while there may be more.
import type { AuditEvent } from '../../shared/audit.ts';
import type { MoreState } from './useAuditLog.ts';

interface Props {
  more: MoreState;
  /** The last event shown; none, nothing older to ask for. */
  last: AuditEvent | undefined;
  done: boolean;
  onOlder: (before: number) => void;
  texts: { failed: (code: string) => string; loading: string; older: string };
}

export function AuditOlder({ more, last, done, onOlder, texts }: Props) {
  return (
    <>
      {more.kind === 'error' && (
        <p class="error" role="alert">
          {texts.failed(more.code)}
        </p>
      )}
      {!done && last && (
        <button type="button" class="btn" data-testid="audit-older" disabled={more.kind === 'loading'} onClick={() => onOlder(last.id)}>
          {more.kind === 'loading' ? texts.loading : texts.older}
        </button>
      )}
    </>
  );
}
