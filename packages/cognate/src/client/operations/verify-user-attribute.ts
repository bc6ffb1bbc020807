/** VerifyUserAttribute: confirms an email or phone number with its code (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const verifyUserAttribute = userPoolOperation('VerifyUserAttribute', AuthAction.ConfirmUserAttribute);
