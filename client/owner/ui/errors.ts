import type { OwnerMessages } from '../i18n/index.ts';

/** The owner's words for an API error code; `fallback` for the codes a screen has nothing specific to say about. */
export function errorText(t: OwnerMessages, code: string, fallback: string): string {
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
    default:
      return fallback;
  }
}
