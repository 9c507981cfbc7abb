// Returning-patient suggestions for the registration form: the tablet's own
// documents at once, offline too, and the server's (the retention period,
// beyond the tablet's window) when it answers; one list (shared/returning.ts).
import { MIN_QUERY_LENGTH, mergeSuggestions, ReturningAnswer, returningPatients, type ReturningPatient } from '../../shared/returning.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { ClinicDb } from '../db/database.ts';
import { authedFetch, type TokenSource } from '../net/authed-fetch.ts';

export type Suggest = (q: string, signal: AbortSignal) => Promise<ReturningPatient[]>;

export const RETURNING_PATH = '/api/reception/v1/returning';

export function returningLookup(db: ClinicDb, auth: TokenSource, baseUrl = location.origin): Suggest {
  return async (q, signal) => {
    if (q.trim().length < MIN_QUERY_LENGTH) return [];
    const local = returningPatients(
      (await db.entries.find().exec()).map((d) => d.toJSON() as Entry),
      q,
    );
    return mergeSuggestions(local, await fromServer(auth, baseUrl, q, signal));
  };
}

/** Nothing when offline or refused: the tablet's own suggestions stand alone. */
async function fromServer(auth: TokenSource, baseUrl: string, q: string, signal: AbortSignal): Promise<ReturningPatient[]> {
  try {
    const r = await authedFetch(auth, `${baseUrl}${RETURNING_PATH}?q=${encodeURIComponent(q)}`, { signal });
    if (r.kind !== 'answer' || !r.res.ok) return [];
    const body = ReturningAnswer.safeParse(await r.res.json());
    return body.success ? body.data.patients : [];
  } catch (err) {
    if (!signal.aborted) console.warn('returning patients: the server could not be asked', err);
    return [];
  }
}
