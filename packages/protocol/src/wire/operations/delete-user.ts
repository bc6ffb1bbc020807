/** DeleteUser: deletes the signed-in user. */

export interface DeleteUserRequest {
  AccessToken: string;
}
