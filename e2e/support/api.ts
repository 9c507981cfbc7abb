// Checks through the real API, beside what the browser shows.
import { DEMO_PASSWORD } from '../../server/demo.ts';
import type { Entry } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';
import type { E2eServer } from './server.ts';

export const DEMO = {
  reception: 'reception@demo.doctorq.tn',
  owner: 'owner@demo.doctorq.tn',
  doctor: 'doctor@demo.doctorq.tn',
  password: DEMO_PASSWORD,
};

export async function apiLogin(base: string, email = DEMO.reception): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO.password }),
  });
  if (!res.ok) throw new Error(`login ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Every entry document of the demo clinic's today that the server holds. */
export async function serverEntriesToday(
  server: Pick<E2eServer, 'url' | 'zone'>,
  token: string,
): Promise<(Entry & { _deleted: boolean })[]> {
  const out: (Entry & { _deleted: boolean })[] = [];
  for (let seq = 0; ; ) {
    const res = await fetch(`${server.url}/api/sync/v1/entries/pull?seq=${seq}&limit=1000`, {
      headers: { authorization: `Bearer ${token}`, 'x-doctorq-schema': String(SCHEMA_VERSION) },
    });
    const body = (await res.json()) as { documents: (Entry & { _deleted: boolean })[]; checkpoint: { seq: number } };
    out.push(...body.documents);
    if (body.documents.length < 1000) break;
    seq = body.checkpoint.seq;
  }
  const today = clinicDay(Date.now(), server.zone);
  return out.filter((e) => e.day === today && !e._deleted);
}

/**
 * The demo clinic's weekly hours; no spans: open at all times. The demo keeps
 * office hours, and a check-in from afar is refused outside them: suites that
 * check in from the test at any hour open it first, through the owner's route
 * (which writes the settings document).
 */
export async function setDemoHours(base: string, spans: { weekday: number; open: string; close: string }[] = []): Promise<void> {
  const token = await apiLogin(base, DEMO.owner);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-doctorq-schema': String(SCHEMA_VERSION) };
  const me = await fetch(`${base}/api/owner/clinics`, { headers });
  const clinicId = ((await me.json()) as { clinics: { id: string }[] }).clinics[0]!.id;
  const put = await fetch(`${base}/api/owner/clinics/${clinicId}/hours`, { method: 'PUT', headers, body: JSON.stringify({ spans }) });
  if (!put.ok) throw new Error(`hours ${put.status}`);
}
