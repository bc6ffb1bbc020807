/** DeleteWebAuthnCredential: deletes a passkey. */

export interface DeleteWebAuthnCredentialRequest {
  AccessToken: string;
  CredentialId: string;
}
