/** ResendConfirmationCode: sends the sign-up code again. */
import { userPoolOperation } from '../transport.js';
import { parseCodeDeliveryDetails } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export const resendConfirmationCode = userPoolOperation(
  'ResendConfirmationCode',
  body => {
    const details = parseCodeDeliveryDetails(body.CodeDeliveryDetails);
    return details ? { CodeDeliveryDetails: details } : {};
  },
  AuthAction.ResendSignUpCode,
);
