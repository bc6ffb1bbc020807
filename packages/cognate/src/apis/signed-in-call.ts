/**
 * What most APIs acting on the signed-in user do: one Cognito call with the current access token
 * (refreshed first if needed), or `UserUnAuthenticatedException` when signed out.
 */
import type { UserPoolOperationName, UserPoolOperations } from '@cognate/protocol/wire';
import type { AuthAction } from '../client/auth-action.js';
import { sendUserPoolRequest } from '../client/transport.js';
import type { AuthContext } from '../context/auth-context.js';
import { signedIn } from '../context/signed-in.js';

/** Calls `operation` for the signed-in user: with the current access token (refreshed first if needed), else `UserUnAuthenticatedException`. */
export async function signedInCall<Op extends UserPoolOperationName>(
  ctx: AuthContext,
  operation: Op,
  input: Omit<UserPoolOperations[Op]['request'], 'AccessToken'>,
  action?: AuthAction,
): Promise<UserPoolOperations[Op]['response']> {
  const { client, AccessToken } = await signedIn(ctx);
  return sendUserPoolRequest(client, operation, { AccessToken, ...input } as UserPoolOperations[Op]['request'], action);
}
