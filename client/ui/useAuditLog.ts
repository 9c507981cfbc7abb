// The audit log a page at a time, for the owner and the operator: the newest
// page, then older ones on demand (the events before the last one shown).
import { useState } from 'preact/hooks';
import { AUDIT_PAGE_SIZE, type AuditEvent, type AuditPage } from '../../shared/audit.ts';
import { useLoad, type Answer, type Loaded } from './useLoad.ts';

export type MoreState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'end' } | { kind: 'error'; code: string };

export interface AuditLogState {
  first: Loaded<AuditPage>;
  /** Pages loaded after the first, oldest last. */
  older: AuditEvent[];
  more: MoreState;
  loadOlder: (before: number) => Promise<void>;
  /** Whether the last page came back short (or the first did). */
  done: (first: AuditPage) => boolean;
}

/** `fetchPage` gets the query string (`limit=…` and maybe `before=…`). */
export function useAuditLog(fetchPage: (query: string) => Promise<Answer<AuditPage>>, deps: readonly unknown[]): AuditLogState {
  const first = useLoad(() => fetchPage(`limit=${AUDIT_PAGE_SIZE}`), deps);
  const [older, setOlder] = useState<AuditEvent[]>([]);
  const [more, setMore] = useState<MoreState>({ kind: 'idle' });
  const loadOlder = async (before: number) => {
    setMore({ kind: 'loading' });
    const r = await fetchPage(`before=${before}&limit=${AUDIT_PAGE_SIZE}`);
    if (!r.ok) return setMore({ kind: 'error', code: r.code });
    setOlder((o) => [...o, ...r.data.events]);
    setMore(r.data.events.length < AUDIT_PAGE_SIZE ? { kind: 'end' } : { kind: 'idle' });
  };
  return { first, older, more, loadOlder, done: (page) => page.events.length < AUDIT_PAGE_SIZE || more.kind === 'end' };
}
