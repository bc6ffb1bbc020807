/** GetUserAttributeVerificationCode: sends a code to verify an email or phone number (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const getUserAttributeVerificationCode = userPoolOperation('GetUserAttributeVerificationCode', AuthAction.SendUserAttributeVerificationCode);
