/** GlobalSignOut: revokes every token of the user (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface GlobalSignOutRequest {
  AccessToken: string;
}

export const globalSignOut = userPoolOperation<GlobalSignOutRequest, void>('GlobalSignOut', () => undefined, AuthAction.SignOut);
