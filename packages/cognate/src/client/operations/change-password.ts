/** ChangePassword: replaces the signed-in user's password, given the current one (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const changePassword = userPoolOperation('ChangePassword', AuthAction.UpdatePassword);
