/** ChangePassword: changes the signed-in user's password. */

export interface ChangePasswordRequest {
  AccessToken: string;
  PreviousPassword: string;
  ProposedPassword: string;
}
