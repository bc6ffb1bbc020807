/** StartWebAuthnRegistration: the passkey creation options for the signed-in user (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const startWebAuthnRegistration = userPoolOperation('StartWebAuthnRegistration', AuthAction.StartWebAuthnRegistration);
