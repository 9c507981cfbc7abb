// What a patient does from their ticket page: running late, let others pass,
// cancel, I'm here. The ticket link is the only credential and names the one
// visit it may change. The rules are shared/patient-actions.ts; the write
// goes through the one document path inside the clinic's lock (as check-in),
// so it reaches the tablets by replication, and an audit row names the patient
// as the actor (no personal data: the action, the ticket's entry, the minutes).
import { Router } from 'express';
import { z } from 'zod';
import { Uuid } from '../../shared/schemas.ts';
import { decidePatientAction, LATE_MINUTES, type PatientAction } from '../../shared/patient-actions.ts';
import type { Database } from '../db/database.ts';
import { SYSTEM, type Documents, type DocumentTx } from '../docs/writes.ts';
import { HttpError, parseBody } from '../http/errors.ts';
import { perMinute } from '../http/rate-limit.ts';
import { audit } from '../owner/audit.ts';
import { clinicToday } from './projection.ts';
import type { PublicLimits } from './routes.ts';
import { ticketAuth, ticketOf, type TicketVerifier } from './tickets.ts';

/**
 * Per ticket link: a patient taps a few times at most; this many a minute
 * leaves room for second thoughts and retries, not for a script.
 */
export const TICKET_ACTIONS_PER_MINUTE = 10;

const WithRequest = { requestId: Uuid };
/** The body as shared/patient-actions.ts's PatientAction, with the tap's request id (the ticket page carries no zod). */
const ActionBody = z.discriminatedUnion('action', [
  z.object({
    ...WithRequest,
    action: z.literal('late'),
    minutes: z.union(LATE_MINUTES.map((m) => z.literal(m))),
  }),
  z.object({ ...WithRequest, action: z.literal('let_pass') }),
  z.object({ ...WithRequest, action: z.literal('cancel') }),
  z.object({ ...WithRequest, action: z.literal('here') }),
]);

/** The audit action of a patient's own request: `ticket.<action>`, the actor being the ticket link's holder. */
const auditAction = (a: PatientAction['action']) => `ticket.${a}`;

/** What the page needs to show the outcome at once (the stream confirms it). */
interface ActionAnswer {
  entryId: string;
  status: string;
  lateUntil: number | null;
}

export function ticketActionRoutes(deps: { db: Database; documents: Documents; tickets: TicketVerifier; limits: PublicLimits }): Router {
  const r = Router();
  const ns = deps.limits.namespace;
  r.post(
    '/action',
    // Per IP before the token is checked (a flood costs no verification), per ticket link after.
    perMinute(deps.db, `${ns}:ticket-action-ip`, deps.limits.checkinPerIpPerMinute, 'too many requests, try again in a minute'),
    ticketAuth(deps.tickets),
    perMinute(
      deps.db,
      `${ns}:ticket-action`,
      TICKET_ACTIONS_PER_MINUTE,
      'too many requests for this ticket, try again in a minute',
      (req) => {
        const t = ticketOf(req.res!);
        return `${t.clinicId}:${t.entryId}`;
      },
    ),
    async (req, res) => {
      const { clinicId, entryId } = ticketOf(res);
      const { requestId, ...action } = parseBody(ActionBody, req.body);
      const answer = await deps.documents.transaction((tx) => act(tx, clinicId, entryId, action, requestId));
      req.log.info({ clinicId, entryId, action: action.action }, 'patient action');
      res.json(answer);
    },
  );
  return r;
}

async function act(tx: DocumentTx, clinicId: string, entryId: string, action: PatientAction, requestId: string): Promise<ActionAnswer> {
  const locked = await tx.query('SELECT 1 FROM clinics WHERE id = $1 FOR UPDATE', [clinicId]);
  if (locked.length === 0) throw new HttpError(404, 'not_found', 'no such clinic');
  const today = await clinicToday(tx, clinicId);
  const entries = today.entries.filter((e) => !e._deleted);
  const current = entries.find((e) => e.id === entryId);
  // A ticket the tablet made offline reaches the server when the tablet syncs: until then there is nothing to change.
  if (!current) throw new HttpError(404, 'not_found', 'this visit is not at the clinic yet; please try again in a moment');
  const { _deleted, ...entry } = current;
  const answer = (e: typeof entry): ActionAnswer => ({ entryId, status: e.status, lateUntil: e.lateUntil });
  // The same request sent again (the answer was lost): it has been done, whatever it was.
  const [seen] = await tx.query(
    `SELECT 1 FROM audit_log WHERE clinic_id = $1 AND target = $2 AND action LIKE 'ticket.%' AND details ->> 'request' = $3`,
    [clinicId, entryId, requestId],
  );
  if (seen) return answer(entry);
  const d = decidePatientAction(
    entries.map(({ _deleted: _, ...e }) => e),
    entry,
    action,
    Date.now(),
  );
  if (!d.ok) {
    throw d.code === 'last_in_queue'
      ? new HttpError(409, 'last_in_queue', 'nobody is waiting behind you to let pass')
      : new HttpError(409, 'not_allowed', `this is no longer possible: your visit is ${entry.status}`);
  }
  if (!d.entry) return answer(entry);
  const pushed = await tx.push(clinicId, 'entries', [{ assumedMasterState: current, newDocumentState: { ...d.entry, _deleted: false } }]);
  if (pushed.conflicts.length > 0) throw new HttpError(409, 'conflict', 'the visit changed meanwhile; please try again');
  await audit(tx, clinicId, SYSTEM, auditAction(action.action), entryId, {
    by: 'patient',
    request: requestId,
    ...(action.action === 'late' ? { minutes: action.minutes } : {}),
  });
  return answer(d.entry);
}
