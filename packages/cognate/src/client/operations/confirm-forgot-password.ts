/** ConfirmForgotPassword: sets a new password with the reset code. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface ConfirmForgotPasswordRequest {
  ClientId: string;
  Username: string;
  ConfirmationCode: string;
  Password: string;
  ClientMetadata?: Record<string, string>;
}

export const confirmForgotPassword = userPoolOperation<ConfirmForgotPasswordRequest, void>(
  'ConfirmForgotPassword',
  () => undefined,
  AuthAction.ConfirmResetPassword,
);
