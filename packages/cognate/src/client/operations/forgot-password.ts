/** ForgotPassword: sends a password-reset code; returns where it went. */
import { userPoolOperation } from '../transport.js';
import { parseCodeDeliveryDetails, type CodeDeliveryDetailsType } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export interface ForgotPasswordRequest {
  ClientId: string;
  Username: string;
  ClientMetadata?: Record<string, string>;
}
export interface ForgotPasswordResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export const forgotPassword = userPoolOperation<ForgotPasswordRequest, ForgotPasswordResponse>(
  'ForgotPassword',
  body => {
    const details = parseCodeDeliveryDetails(body.CodeDeliveryDetails);
    return details ? { CodeDeliveryDetails: details } : {};
  },
  AuthAction.ResetPassword,
);
