import { ACCOUNT_CLOSED_CODE, PLAN_LIMIT_CODE, SUSPENDED_CODE } from '../../../shared/errors.ts';
import type { ApiError } from '../api.ts';
import type { OwnerMessages } from '../i18n/index.ts';

/** The owner's words for an API error (or its code); `fallback` for the codes a screen has nothing specific to say about. */
export function errorText(t: OwnerMessages, error: string | ApiError, fallback: string): string {
  const { code, message } = typeof error === 'string' ? { code: error, message: undefined } : error;
  switch (code) {
    case 'offline':
      return t.errOffline;
    case 'rate_limited':
      return t.errRateLimited;
    case 'invalid_body':
    case 'invalid_query':
      return t.errInvalid;
    case 'conflict':
      return t.errConflict;
    case 'already_member':
      return t.errAlreadyMember;
    case 'last_owner':
      return t.errLastOwner;
    case PLAN_LIMIT_CODE:
      // The server's message names the plan and its limit.
      return message ? `${t.errPlanLimit} (${message})` : t.errPlanLimit;
    case SUSPENDED_CODE:
      return t.errSuspended;
    case ACCOUNT_CLOSED_CODE:
      return t.errAlreadyClosed;
    case 'email_unverified':
      return t.errEmailUnverified;
    case 'branch_limit':
      return t.errBranchLimit;
    default:
      return fallback;
  }
}
