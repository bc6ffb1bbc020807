/** DeleteWebAuthnCredential: removes one of the user's passkeys (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const deleteWebAuthnCredentialOperation = userPoolOperation('DeleteWebAuthnCredential', AuthAction.DeleteWebAuthnCredential);
