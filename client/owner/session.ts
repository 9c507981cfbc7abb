// The owner's sign-in: a staff grant with no device. Kept in sessionStorage,
// not localStorage: owners look at their figures from any computer, often a
// shared one, and closing the tab should leave no way back in.
import { Grant } from '../../shared/auth.ts';
import { sessionStore, signIn as staffSignIn, signOutRemote, type SignInResult } from '../ui/staff-session.ts';

const SESSION_KEY = 'doctorq.owner.session';

export type OwnerSession = Grant;

const store = sessionStore(
  () => sessionStorage,
  SESSION_KEY,
  (raw) => {
    const parsed = Grant.safeParse(raw);
    return parsed.success ? parsed.data : null;
  },
);
export const loadSession = store.load;
/** The sign-up page keeps its grant here too, so the owner page opens signed in. */
export const saveSession = store.save;
export const saveTokens = store.saveTokens;
export const clearSession = store.clear;
export { signOutRemote };

export function signIn(email: string, password: string): Promise<SignInResult<OwnerSession>> {
  // No `device`: the owner's browser is not enrolled and gets no ticket series.
  return staffSignIn({ email, password }, (g) => {
    const grant = Grant.safeParse(g);
    if (!grant.success) return null;
    saveSession(grant.data);
    return grant.data;
  });
}
