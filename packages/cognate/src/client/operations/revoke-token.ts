/** RevokeToken: revokes a refresh token and the tokens issued from it. */
import { userPoolOperation } from '../transport.js';

export interface RevokeTokenRequest {
  ClientId: string;
  Token: string;
  ClientSecret?: string;
}

export const revokeToken = userPoolOperation<RevokeTokenRequest, void>('RevokeToken', () => undefined, 26);
