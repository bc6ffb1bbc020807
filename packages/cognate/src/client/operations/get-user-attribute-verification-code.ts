/** GetUserAttributeVerificationCode: sends a code to verify an email or phone number (access token). */
import { userPoolOperation } from '../transport.js';
import { parseCodeDeliveryDetails } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export const getUserAttributeVerificationCode = userPoolOperation(
  'GetUserAttributeVerificationCode',
  body => {
    const details = parseCodeDeliveryDetails(body.CodeDeliveryDetails);
    return details ? { CodeDeliveryDetails: details } : {};
  },
  AuthAction.SendUserAttributeVerificationCode,
);
