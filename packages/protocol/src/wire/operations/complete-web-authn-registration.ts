/** CompleteWebAuthnRegistration: registers the passkey the browser created. */

export interface CompleteWebAuthnRegistrationRequest {
  AccessToken: string;
  /** RegistrationResponseJSON, a JSON document (not a string). */
  Credential: Record<string, unknown>;
}
