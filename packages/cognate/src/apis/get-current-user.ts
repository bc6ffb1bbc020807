/**
 * getCurrentUser: `{username, userId, signInDetails}` of the signed-in user, read from the id token
 * (`cognito:username`, `sub`) with no request unless the tokens need refreshing. Throws
 * `UserUnAuthenticatedException` when signed out.
 */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { currentUserOf as userOf } from '../context/session-user.js';
import { USER_ALREADY_AUTHENTICATED_EXCEPTION, authError } from '../errors/auth-error.js';

// A binding of this module, not a re-export: the internals that use it keep importing this module,
// so a browser bundle's chunks stay as they were (re-exports would be followed past it).
export const currentUserOf = userOf;

/** `signIn` and `signInWithRedirect` refuse to start over a signed-in user (Amplify's check). */
export async function assertUserNotAuthenticated(ctx: AuthContext): Promise<void> {
  const user = await currentUserOf(ctx).catch(() => undefined);
  if (user?.userId && user.username) {
    throw authError(USER_ALREADY_AUTHENTICATED_EXCEPTION, 'There is already a signed in user.', 'Call signOut before calling signIn again.');
  }
}

export const getCurrentUser = /* @__PURE__ */ contextApi(userOf);
