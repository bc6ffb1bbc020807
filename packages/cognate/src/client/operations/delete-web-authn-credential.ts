/** DeleteWebAuthnCredential: removes one of the user's passkeys (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface DeleteWebAuthnCredentialRequest {
  AccessToken: string;
  CredentialId: string;
}

export const deleteWebAuthnCredentialOperation = userPoolOperation<DeleteWebAuthnCredentialRequest, void>(
  'DeleteWebAuthnCredential',
  () => undefined,
  AuthAction.DeleteWebAuthnCredential,
);
