/**
 * getCurrentUser: `{username, userId, signInDetails}` of the signed-in user, read from the id token
 * (`cognito:username`, `sub`) with no request unless the tokens need refreshing. Throws
 * `UserUnAuthenticatedException` when signed out.
 */
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import { userUnauthenticatedError } from '../errors/auth-error.js';
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

export function getCurrentUser(): Promise<GetCurrentUserOutput> {
  return currentUserOf(defaultContext);
}
