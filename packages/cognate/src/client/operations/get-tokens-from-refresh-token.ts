/** GetTokensFromRefreshToken: the refresh call (supports refresh-token rotation). */
import { invalidResponse, userPoolOperation } from '../transport.js';
import { isObject, type AuthenticationResultType } from '../wire-types.js';

export interface GetTokensFromRefreshTokenRequest {
  ClientId: string;
  RefreshToken: string;
  ClientSecret?: string;
  DeviceKey?: string;
  ClientMetadata?: Record<string, string>;
}
export interface GetTokensFromRefreshTokenResponse {
  AuthenticationResult: AuthenticationResultType & { AccessToken: string };
}

export const getTokensFromRefreshToken = userPoolOperation<GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse>(
  'GetTokensFromRefreshToken',
  body => {
    const result = body.AuthenticationResult;
    if (!isObject(result) || typeof result.AccessToken !== 'string') {
      throw invalidResponse('GetTokensFromRefreshToken', 'AccessToken');
    }
    return { AuthenticationResult: result as unknown as GetTokensFromRefreshTokenResponse['AuthenticationResult'] };
  },
);
