/** GlobalSignOut: revokes every refresh token of the signed-in user. */

export interface GlobalSignOutRequest {
  AccessToken: string;
}
