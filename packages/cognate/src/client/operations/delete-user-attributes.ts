/** DeleteUserAttributes: removes attributes from the signed-in user (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface DeleteUserAttributesRequest {
  AccessToken: string;
  UserAttributeNames: string[];
}

export const deleteUserAttributesOperation = userPoolOperation<DeleteUserAttributesRequest, void>(
  'DeleteUserAttributes',
  () => undefined,
  AuthAction.DeleteUserAttributes,
);
