/** VerifyUserAttribute: confirms an email or phone number with its code (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface VerifyUserAttributeRequest {
  AccessToken: string;
  AttributeName: string;
  Code: string;
}

export const verifyUserAttribute = userPoolOperation<VerifyUserAttributeRequest, void>('VerifyUserAttribute', () => undefined, AuthAction.ConfirmUserAttribute);
