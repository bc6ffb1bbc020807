/** CompleteWebAuthnRegistration: hands the new passkey (RegistrationResponseJSON) to Cognito. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const completeWebAuthnRegistration = userPoolOperation('CompleteWebAuthnRegistration', AuthAction.CompleteWebAuthnRegistration);
