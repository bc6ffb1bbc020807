/** ListWebAuthnCredentials: one page of the user's passkeys (access token); CreatedAt is epoch seconds. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface ListWebAuthnCredentialsRequest {
  AccessToken: string;
  MaxResults?: number;
  NextToken?: string;
}
export interface WebAuthnCredentialDescription {
  CredentialId?: string;
  FriendlyCredentialName?: string;
  RelyingPartyId?: string;
  AuthenticatorAttachment?: string;
  AuthenticatorTransports?: string[];
  CreatedAt?: number;
}
export interface ListWebAuthnCredentialsResponse {
  Credentials: WebAuthnCredentialDescription[];
  NextToken?: string;
}

export const listWebAuthnCredentialsOperation = userPoolOperation<ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse>(
  'ListWebAuthnCredentials',
  body => ({
    Credentials: Array.isArray(body.Credentials) ? (body.Credentials as WebAuthnCredentialDescription[]) : [],
    ...(typeof body.NextToken === 'string' ? { NextToken: body.NextToken } : {}),
  }),
  AuthAction.ListWebAuthnCredentials,
);
