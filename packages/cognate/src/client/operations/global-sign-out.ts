/** GlobalSignOut: revokes every token of the user (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const globalSignOut = userPoolOperation('GlobalSignOut', AuthAction.SignOut);
