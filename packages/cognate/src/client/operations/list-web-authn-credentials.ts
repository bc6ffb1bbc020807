/** ListWebAuthnCredentials: one page of the user's passkeys (access token); CreatedAt is epoch seconds. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';
import type { WebAuthnCredentialDescription } from '@cognate/protocol/wire';

export const listWebAuthnCredentialsOperation = userPoolOperation(
  'ListWebAuthnCredentials',
  body => ({
    Credentials: Array.isArray(body.Credentials) ? (body.Credentials as WebAuthnCredentialDescription[]) : [],
    ...(typeof body.NextToken === 'string' ? { NextToken: body.NextToken } : {}),
  }),
  AuthAction.ListWebAuthnCredentials,
);
