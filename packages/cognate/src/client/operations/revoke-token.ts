/** RevokeToken: revokes a refresh token and the tokens issued from it. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface RevokeTokenRequest {
  ClientId: string;
  Token: string;
  ClientSecret?: string;
}

export const revokeToken = userPoolOperation<RevokeTokenRequest, void>('RevokeToken', () => undefined, AuthAction.SignOut);
