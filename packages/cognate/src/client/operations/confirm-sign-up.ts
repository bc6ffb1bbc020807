/** ConfirmSignUp: confirms a registration with the delivered code. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const confirmSignUpOperation = userPoolOperation('ConfirmSignUp', AuthAction.ConfirmSignUp);
