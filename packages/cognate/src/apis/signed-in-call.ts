/**
 * What most APIs acting on the signed-in user do: one Cognito call with the current access token
 * (refreshed first if needed), or `UserUnAuthenticatedException` when signed out.
 */
import type { AuthAction } from '../client/auth-action.js';
import type { CognitoClient } from '../client/transport.js';
import type { AuthContext } from '../context/auth-context.js';
import { signedIn } from '../context/signed-in.js';

/** Calls `operation` for the signed-in user: with the current access token (refreshed first if needed), else `UserUnAuthenticatedException`. */
export async function signedInCall<I extends { AccessToken?: string }, R>(
  ctx: AuthContext,
  operation: (client: CognitoClient, input: I, action?: AuthAction) => Promise<R>,
  input: Omit<I, 'AccessToken'>,
  action?: AuthAction,
): Promise<R> {
  const { client, AccessToken } = await signedIn(ctx);
  return operation(client, { AccessToken, ...input } as I, action);
}
