/** DeleteUser: deletes the signed-in user's account (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface DeleteUserRequest {
  AccessToken: string;
}

export const deleteUserOperation = userPoolOperation<DeleteUserRequest, void>('DeleteUser', () => undefined, AuthAction.DeleteUser);
