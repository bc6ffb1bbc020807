/** SignUp: registers a user; `Password` is omitted when not given (passwordless pools). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const signUpOperation = userPoolOperation('SignUp', AuthAction.SignUp);
