/** StartWebAuthnRegistration: passkey registration options. */

export interface StartWebAuthnRegistrationRequest {
  AccessToken: string;
}

export interface StartWebAuthnRegistrationResponse {
  /** PublicKeyCredentialCreationOptionsJSON, a JSON document (not a string). */
  CredentialCreationOptions: Record<string, unknown>;
}
