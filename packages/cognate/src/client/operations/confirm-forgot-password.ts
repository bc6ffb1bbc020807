/** ConfirmForgotPassword: sets a new password with the reset code. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const confirmForgotPassword = userPoolOperation('ConfirmForgotPassword', AuthAction.ConfirmResetPassword);
