/**
 * fetchUserAttributes: the signed-in user's attributes from `GetUser`, as `{name: value}`.
 */
import { getUser } from '../client/operations/get-user.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import { userUnauthenticatedError } from '../errors/auth-error.js';
import type { FetchUserAttributesOutput } from '../types/auth.js';
import { getTokensOf } from './fetch-auth-session.js';
import { AuthAction } from '../client/auth-action.js';

export async function fetchUserAttributesOf(ctx: AuthContext): Promise<FetchUserAttributesOutput> {
  const config = requireUserPoolConfig(ctx);
  const tokens = await getTokensOf(ctx, { forceRefresh: false });
  if (!tokens?.accessToken) throw userUnauthenticatedError();
  const { UserAttributes } = await getUser(userPoolClient(ctx, config), { AccessToken: tokens.accessToken.toString() }, AuthAction.FetchUserAttributes);
  const out: FetchUserAttributesOutput = {};
  for (const { Name, Value } of UserAttributes) out[Name] = Value;
  return out;
}

export function fetchUserAttributes(ctx: AmplifyContext): Promise<FetchUserAttributesOutput>;
export function fetchUserAttributes(): Promise<FetchUserAttributesOutput>;
export async function fetchUserAttributes(...args: unknown[]): Promise<FetchUserAttributesOutput> {
  return fetchUserAttributesOf(...withContext<[]>(args));
}
