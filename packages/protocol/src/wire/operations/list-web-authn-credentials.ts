/** ListWebAuthnCredentials: the signed-in user's passkeys. */

export interface WebAuthnCredentialDescription {
  CredentialId?: string;
  FriendlyCredentialName?: string;
  RelyingPartyId?: string;
  AuthenticatorAttachment?: string;
  AuthenticatorTransports?: string[];
  CreatedAt?: number;
}

export interface ListWebAuthnCredentialsRequest {
  AccessToken: string;
  MaxResults?: number;
  NextToken?: string;
}

export interface ListWebAuthnCredentialsResponse {
  Credentials: WebAuthnCredentialDescription[];
  NextToken?: string;
}
