/**
 * Amplify's `refreshAuthTokens` and `refreshAuthTokensWithoutDedupe` (`aws-amplify/auth/cognito`,
 * `aws-amplify/adapter-core`): one `GetTokensFromRefreshToken` for the given tokens under the given
 * `Auth` configuration, with no storage and no Hub event — the caller keeps the result. The deduped
 * form shares one request among the calls made while it is in flight.
 */
import { userPoolEndpoint } from '../client/endpoint.js';
import { requireUserPoolConfig } from '../context/auth-context.js';
import { userUnauthenticatedError } from '../errors/auth-error.js';
import type { AuthConfig } from '../types/config.js';
import type { ClientMetadata } from '../types/session.js';
import { refreshTokens } from './refresh-tokens.js';
import type { CognitoAuthTokens } from './token-store.js';

export interface RefreshAuthTokensInput {
  tokens: CognitoAuthTokens;
  authConfig?: AuthConfig;
  username: string;
  clientMetadata?: ClientMetadata;
}

export async function refreshAuthTokensWithoutDedupe({ tokens, authConfig, username, clientMetadata }: RefreshAuthTokensInput): Promise<CognitoAuthTokens> {
  const cognito = requireUserPoolConfig({ resourcesConfig: () => ({ Auth: authConfig }) });
  if (!tokens?.accessToken && !tokens?.idToken) throw userUnauthenticatedError();
  const client = { endpoint: userPoolEndpoint(cognito.userPoolId, cognito.userPoolEndpoint) };
  const next = await refreshTokens(client, cognito.userPoolClientId, tokens, clientMetadata);
  // Amplify's shape: the caller (a token orchestrator) keeps device metadata and sign-in details.
  const result: CognitoAuthTokens = { accessToken: next.accessToken, clockDrift: next.clockDrift, refreshToken: next.refreshToken!, username };
  if (next.idToken) result.idToken = next.idToken;
  return result;
}

let inflight: Promise<CognitoAuthTokens> | undefined;

export function refreshAuthTokens(input: RefreshAuthTokensInput): Promise<CognitoAuthTokens> {
  inflight ??= refreshAuthTokensWithoutDedupe(input).finally(() => {
    inflight = undefined;
  });
  return inflight;
}
