/** DeleteUserAttributes: removes attributes of the signed-in user. */

export interface DeleteUserAttributesRequest {
  AccessToken: string;
  UserAttributeNames: string[];
}
