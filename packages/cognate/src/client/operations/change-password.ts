/** ChangePassword: replaces the signed-in user's password, given the current one (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface ChangePasswordRequest {
  AccessToken: string;
  PreviousPassword: string;
  ProposedPassword: string;
}

export const changePassword = userPoolOperation<ChangePasswordRequest, void>('ChangePassword', () => undefined, AuthAction.UpdatePassword);
