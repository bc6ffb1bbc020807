/** ListWebAuthnCredentials: one page of the user's passkeys (access token); CreatedAt is epoch seconds. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const listWebAuthnCredentialsOperation = userPoolOperation('ListWebAuthnCredentials', AuthAction.ListWebAuthnCredentials);
