/** ForgotPassword: sends a password-reset code; returns where it went. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const forgotPassword = userPoolOperation('ForgotPassword', AuthAction.ResetPassword);
