/** ResendConfirmationCode: sends the sign-up code again. */
import { userPoolOperation } from '../transport.js';
import { parseCodeDeliveryDetails, type CodeDeliveryDetailsType } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export interface ResendConfirmationCodeRequest {
  ClientId: string;
  Username: string;
  ClientMetadata?: Record<string, string>;
}
export interface ResendConfirmationCodeResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export const resendConfirmationCode = userPoolOperation<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse>(
  'ResendConfirmationCode',
  body => {
    const details = parseCodeDeliveryDetails(body.CodeDeliveryDetails);
    return details ? { CodeDeliveryDetails: details } : {};
  },
  AuthAction.ResendSignUpCode,
);
