import type { OperatorMessages } from '../i18n/index.ts';

/** The operator's words for an API error code; `fallback` for the codes a screen has nothing specific to say about. */
export function errorText(t: OperatorMessages, code: string, fallback = t.errServer): string {
  switch (code) {
    case 'offline':
      return t.errOffline;
    case 'rate_limited':
      return t.errRateLimited;
    case 'invalid_body':
    case 'invalid_query':
      return t.errInvalid;
    case 'plan_limit':
      return t.errPlanLimit;
    case 'unknown_plan':
      return t.errUnknownPlan;
    case 'duplicate_reference':
      return t.errDuplicateReference;
    case 'not_found':
      return t.errNotFound;
    default:
      return fallback;
  }
}
