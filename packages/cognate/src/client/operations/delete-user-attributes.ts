/** DeleteUserAttributes: removes attributes from the signed-in user (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const deleteUserAttributesOperation = userPoolOperation('DeleteUserAttributes', AuthAction.DeleteUserAttributes);
