/**
 * `fetchUserAttributes` of an explicit context (see `session.ts`): `GetUser`'s attributes as
 * `{name: value}`.
 */
import { AuthAction } from '../client/auth-action.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from './auth-context.js';
import { userUnauthenticatedError } from '../errors/auth-error.js';
import type { FetchUserAttributesOutput } from '../types/auth.js';
import { getTokensOf } from './session.js';
import { sendUserPoolRequest } from '../client/transport.js';

export async function fetchUserAttributesOf(ctx: AuthContext): Promise<FetchUserAttributesOutput> {
  const config = requireUserPoolConfig(ctx);
  const tokens = await getTokensOf(ctx, { forceRefresh: false });
  if (!tokens?.accessToken) throw userUnauthenticatedError();
  const { UserAttributes } = await sendUserPoolRequest(
    userPoolClient(ctx, config),
    'GetUser',
    { AccessToken: tokens.accessToken.toString() },
    AuthAction.FetchUserAttributes,
  );
  const out: FetchUserAttributesOutput = {};
  for (const { Name, Value } of UserAttributes ?? []) out[Name] = Value;
  return out;
}
