/** AssociateSoftwareToken: starts authenticator-app (TOTP) setup: the shared secret. */

export interface AssociateSoftwareTokenRequest {
  AccessToken?: string;
  Session?: string;
}

export interface AssociateSoftwareTokenResponse {
  SecretCode: string;
  Session?: string;
}
