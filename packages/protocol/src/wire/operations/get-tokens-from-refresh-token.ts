/** GetTokensFromRefreshToken: new tokens for a refresh token (rotating it when the client rotates). */
import type { AuthenticationResultType, ClientMetadata } from '../shapes.js';

export interface GetTokensFromRefreshTokenRequest {
  ClientId: string;
  RefreshToken: string;
  ClientSecret?: string;
  DeviceKey?: string;
  ClientMetadata?: ClientMetadata;
}

export interface GetTokensFromRefreshTokenResponse {
  AuthenticationResult: AuthenticationResultType & { AccessToken: string };
}
