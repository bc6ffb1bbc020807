/** ResendConfirmationCode: sends the sign-up code again. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const resendConfirmationCode = userPoolOperation('ResendConfirmationCode', AuthAction.ResendSignUpCode);
