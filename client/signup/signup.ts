// Creating the clinic: POST /api/signup answers with the owner's grant, kept
// where the owner page keeps its sign-in, so the owner page opens signed in.
import { Plans, SignupResult, type SignupBody } from '../../shared/saas.ts';
import { publicRequest, type ApiResult } from '../owner/api.ts';
import { saveSession } from '../owner/session.ts';

/** Where a new owner goes: the owner area, on its setup checklist. */
export const AFTER_SIGNUP = '/owner.html?setup=1';

export function loadPlans() {
  return publicRequest('GET', '/api/plans', undefined, Plans);
}

export async function signUp(body: SignupBody): Promise<ApiResult<null>> {
  const r = await publicRequest('POST', '/api/signup', body, SignupResult);
  if (!r.ok) return r;
  saveSession(r.data.grant);
  return { ok: true, data: null };
}
