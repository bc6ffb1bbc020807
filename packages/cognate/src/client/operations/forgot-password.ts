/** ForgotPassword: sends a password-reset code; returns where it went. */
import { userPoolOperation } from '../transport.js';
import { parseCodeDeliveryDetails } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export const forgotPassword = userPoolOperation(
  'ForgotPassword',
  body => {
    const details = parseCodeDeliveryDetails(body.CodeDeliveryDetails);
    return details ? { CodeDeliveryDetails: details } : {};
  },
  AuthAction.ResetPassword,
);
