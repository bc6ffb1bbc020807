/** GetUserAttributeVerificationCode: sends a code to verify an email or phone number (access token). */
import { userPoolOperation } from '../transport.js';
import { parseCodeDeliveryDetails, type CodeDeliveryDetailsType } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export interface GetUserAttributeVerificationCodeRequest {
  AccessToken: string;
  AttributeName: string;
  ClientMetadata?: Record<string, string>;
}
export interface GetUserAttributeVerificationCodeResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export const getUserAttributeVerificationCode = userPoolOperation<GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse>(
  'GetUserAttributeVerificationCode',
  body => {
    const details = parseCodeDeliveryDetails(body.CodeDeliveryDetails);
    return details ? { CodeDeliveryDetails: details } : {};
  },
  AuthAction.SendUserAttributeVerificationCode,
);
