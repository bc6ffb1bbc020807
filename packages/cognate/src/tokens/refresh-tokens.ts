/**
 * One refresh: `GetTokensFromRefreshToken` with the stored refresh token (and device key), giving a
 * new session. The old refresh token is kept when none is returned (no rotation); the clock drift is
 * measured again from the new access token's `iat`.
 */
import { getTokensFromRefreshToken } from '../client/operations/get-tokens-from-refresh-token.js';
import type { CognitoClient } from '../client/transport.js';
import { decodeJWT } from '../apis/decode-jwt.js';
import { AuthError } from '../errors/auth-error.js';
import type { ClientMetadata } from '../types/session.js';
import type { CognitoAuthTokens } from './token-store.js';

export async function refreshTokens(
  client: CognitoClient,
  clientId: string,
  tokens: CognitoAuthTokens,
  clientMetadata?: ClientMetadata,
): Promise<CognitoAuthTokens> {
  if (!tokens.refreshToken) {
    throw new AuthError({
      name: 'TokenRefreshException',
      message: "Token refresh is not supported when authenticated with the 'implicit grant' (token) oauth flow.",
      recoverySuggestion: 'Use the authorization code grant, or sign in again.',
    });
  }
  const { AuthenticationResult: result } = await getTokensFromRefreshToken(client, {
    ClientId: clientId,
    RefreshToken: tokens.refreshToken,
    ...(tokens.deviceMetadata ? { DeviceKey: tokens.deviceMetadata.deviceKey } : {}),
    ...(clientMetadata ? { ClientMetadata: clientMetadata } : {}),
  });
  let accessToken: ReturnType<typeof decodeJWT>;
  try {
    accessToken = decodeJWT(result.AccessToken);
  } catch (cause) {
    throw new AuthError({ name: 'InvalidAuthTokens', message: 'The refreshed access token cannot be decoded.', cause });
  }
  const iat = accessToken.payload.iat;
  if (!iat) throw new AuthError({ name: 'iatNotFoundException', message: 'iat not found in access token' });
  const next: CognitoAuthTokens = {
    accessToken,
    refreshToken: result.RefreshToken ?? tokens.refreshToken,
    clockDrift: iat * 1000 - Date.now(),
    username: tokens.username,
  };
  if (result.IdToken) next.idToken = decodeJWT(result.IdToken);
  if (tokens.signInDetails) next.signInDetails = tokens.signInDetails;
  if (tokens.deviceMetadata) next.deviceMetadata = tokens.deviceMetadata;
  return next;
}
