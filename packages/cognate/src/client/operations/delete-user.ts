/** DeleteUser: deletes the signed-in user's account (access token). */
import { userPoolOperation } from '../transport.js';

export interface DeleteUserRequest {
  AccessToken: string;
}

export const deleteUserOperation = userPoolOperation<DeleteUserRequest, void>('DeleteUser', () => undefined, 16);
