/** ChangePassword: replaces the signed-in user's password, given the current one (access token). */
import { userPoolOperation } from '../transport.js';

export interface ChangePasswordRequest {
  AccessToken: string;
  PreviousPassword: string;
  ProposedPassword: string;
}

export const changePassword = userPoolOperation<ChangePasswordRequest, void>('ChangePassword', () => undefined, 27);
