/**
 * getCurrentUser: `{username, userId, signInDetails}` of the signed-in user, read from the id token
 * (`cognito:username`, `sub`) with no request unless the tokens need refreshing. Throws
 * `UserUnAuthenticatedException` when signed out.
 */
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import { AuthError, USER_ALREADY_AUTHENTICATED_EXCEPTION, userUnauthenticatedError } from '../errors/auth-error.js';
import type { AuthUser, GetCurrentUserOutput } from '../types/auth.js';
import { getTokensOf } from './fetch-auth-session.js';

export async function currentUserOf(ctx: AuthContext): Promise<GetCurrentUserOutput> {
  requireUserPoolConfig(ctx);
  const tokens = await getTokensOf(ctx, { forceRefresh: false });
  if (!tokens?.accessToken) throw userUnauthenticatedError();
  const payload = tokens.idToken?.payload ?? {};
  const user: AuthUser = { username: payload['cognito:username'] as string, userId: payload.sub as string };
  if (tokens.signInDetails) user.signInDetails = tokens.signInDetails;
  return user;
}

/** `signIn` and `signInWithRedirect` refuse to start over a signed-in user (Amplify's check). */
export async function assertUserNotAuthenticated(ctx: AuthContext): Promise<void> {
  let user;
  try {
    user = await currentUserOf(ctx);
  } catch {
    return;
  }
  if (user?.userId && user.username) {
    throw new AuthError({
      name: USER_ALREADY_AUTHENTICATED_EXCEPTION,
      message: 'There is already a signed in user.',
      recoverySuggestion: 'Call signOut before calling signIn again.',
    });
  }
}

export function getCurrentUser(ctx: AmplifyContext): Promise<GetCurrentUserOutput>;
export function getCurrentUser(): Promise<GetCurrentUserOutput>;
export async function getCurrentUser(...args: unknown[]): Promise<GetCurrentUserOutput> {
  return currentUserOf(...withContext<[]>(args));
}
