/** RevokeToken: revokes a refresh token and the tokens issued from it. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const revokeToken = userPoolOperation('RevokeToken', AuthAction.SignOut);
