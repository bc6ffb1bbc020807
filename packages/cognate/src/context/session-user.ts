/**
 * `getCurrentUser` of an explicit context (see `session.ts`): the server entries and the sign-in
 * flows use this, not the `apis/` wrapper that binds the default context.
 */
import { requireUserPoolConfig, type AuthContext } from './auth-context.js';
import { userUnauthenticatedError } from '../errors/auth-error.js';
import type { AuthUser, GetCurrentUserOutput } from '../types/auth.js';
import { getTokensOf } from './session.js';

export async function currentUserOf(ctx: AuthContext): Promise<GetCurrentUserOutput> {
  requireUserPoolConfig(ctx);
  const tokens = await getTokensOf(ctx, { forceRefresh: false });
  if (!tokens?.accessToken) throw userUnauthenticatedError();
  const payload = tokens.idToken?.payload ?? {};
  const user: AuthUser = { username: payload['cognito:username'] as string, userId: payload.sub as string };
  if (tokens.signInDetails) user.signInDetails = tokens.signInDetails;
  return user;
}
