/**
 * One refresh: `GetTokensFromRefreshToken` with the stored refresh token (and device key), giving a
 * new session. The old refresh token is kept when none is returned (no rotation); the clock drift is
 * measured again from the new access token's `iat`.
 */
import type { CognitoClient } from '../client/transport.js';
import { decodeJWT } from '../apis/decode-jwt.js';
import { authError } from '../errors/auth-error.js';
import type { GetTokensFromRefreshTokenRequest } from '@cognate/protocol/wire';
import type { ClientMetadata } from '../types/session.js';
import type { CognitoAuthTokens } from './token-store.js';
import { sendUserPoolRequest } from '../client/transport.js';

export async function refreshTokens(
  client: CognitoClient,
  clientId: string,
  tokens: CognitoAuthTokens,
  clientMetadata?: ClientMetadata,
): Promise<CognitoAuthTokens> {
  if (!tokens.refreshToken) {
    throw authError(
      'TokenRefreshException',
      "Token refresh is not supported when authenticated with the 'implicit grant' (token) oauth flow.",
      'Use the authorization code grant, or sign in again.',
    );
  }
  const input: GetTokensFromRefreshTokenRequest = { ClientId: clientId, RefreshToken: tokens.refreshToken };
  if (tokens.deviceMetadata) input.DeviceKey = tokens.deviceMetadata.deviceKey;
  if (clientMetadata) input.ClientMetadata = clientMetadata;
  const { AuthenticationResult: result } = await sendUserPoolRequest(client, 'GetTokensFromRefreshToken', input);
  // As Amplify: an answer without a decodable access token throws decodeJWT's plain Error (`Unknown` to callers).
  const accessToken = decodeJWT(result?.AccessToken ?? '');
  const iat = accessToken.payload.iat;
  if (!iat) throw authError('iatNotFoundException', 'iat not found in access token');
  // The session's other fields (username, sign-in details, device) carry over; the ID token is the new one or none.
  const { idToken: _, ...kept } = tokens;
  const next: CognitoAuthTokens = { ...kept, accessToken, refreshToken: result!.RefreshToken ?? tokens.refreshToken, clockDrift: iat * 1000 - Date.now() };
  if (result!.IdToken) next.idToken = decodeJWT(result!.IdToken);
  return next;
}
