// "Forgot your password?": asks the server to mail a reset link. The server
// answers the same whether or not the address has an account.
import { readErrorBody } from '../../shared/errors.ts';

export const RESET_REQUEST_PATH = '/api/auth/password-reset/request';

export type ResetRequestOutcome = 'sent' | 'invalid' | 'rate_limited' | 'offline' | 'server';

export async function requestPasswordReset(email: string): Promise<ResetRequestOutcome> {
  let res: Response;
  try {
    res = await fetch(RESET_REQUEST_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email.trim() }),
    });
  } catch {
    return 'offline';
  }
  if (res.status === 202) return 'sent';
  // A proxy answering for an unreachable server.
  if (res.status === 502 || res.status === 503 || res.status === 504) return 'offline';
  if (res.status === 429) return 'rate_limited';
  const error = await readErrorBody(res);
  return error?.code === 'invalid_body' ? 'invalid' : 'server';
}
