// A patient's own actions, sent with their ticket link (server/public/ticket-actions.ts).
// The outcome reaches this page by the stream like any change; the answer only says it was taken.
import { TICKET_ACTION_PATH } from '../../shared/paths.ts';
import { readErrorBody } from '../../shared/errors.ts';
import type { PatientAction } from '../../shared/patient-actions.ts';

/** null: done; otherwise the server's error code, or `offline` when it could not be reached. */
export async function sendAction(token: string, action: PatientAction, requestId: string): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(TICKET_ACTION_PATH, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...action, requestId }),
    });
  } catch {
    return 'offline';
  }
  if (res.ok) return null;
  return (await readErrorBody(res))?.code ?? 'internal';
}
