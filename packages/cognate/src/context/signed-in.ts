/**
 * What every API acting on the signed-in user starts with: the user-pool config, a client and the
 * current access token (refreshed first if needed), or Amplify's `UserUnAuthenticatedException`.
 */
import { getTokensOf } from '../apis/fetch-auth-session.js';
import type { CognitoClient } from '../client/transport.js';
import { userUnauthenticatedError } from '../errors/auth-error.js';
import type { CognitoUserPoolConfig } from '../types/config.js';
import type { AuthTokens } from '../types/session.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from './auth-context.js';

export interface SignedIn {
  config: CognitoUserPoolConfig;
  client: CognitoClient;
  AccessToken: string;
  tokens: AuthTokens;
}

export async function signedIn(ctx: AuthContext): Promise<SignedIn> {
  const config = requireUserPoolConfig(ctx);
  const tokens = await getTokensOf(ctx, { forceRefresh: false });
  if (!tokens?.accessToken) throw userUnauthenticatedError();
  return { config, client: userPoolClient(ctx, config), AccessToken: tokens.accessToken.toString(), tokens };
}
