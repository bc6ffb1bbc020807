/** DeleteUser: deletes the signed-in user's account (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const deleteUserOperation = userPoolOperation('DeleteUser', AuthAction.DeleteUser);
