/**
 * listWebAuthnCredentials: one page of the signed-in user's passkeys (ListWebAuthnCredentials with
 * `MaxResults: pageSize`, `NextToken: nextToken`) as `{credentials, nextToken}`, each credential as
 * Amplify shapes it (`createdAt` a `Date`); pass `nextToken` back for the next page.
 */
import type { AuthContext } from '../context/auth-context.js';
import { signedInCall } from './signed-in-call.js';
import { defaultContext } from '../context/default-context.js';
import type { ListWebAuthnCredentialsInput, ListWebAuthnCredentialsOutput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function listWebAuthnCredentialsOf(ctx: AuthContext, input?: ListWebAuthnCredentialsInput): Promise<ListWebAuthnCredentialsOutput> {
  const { Credentials, NextToken } = await signedInCall(
    ctx,
    'ListWebAuthnCredentials',
    {
      MaxResults: input?.pageSize,
      NextToken: input?.nextToken,
    },
    AuthAction.ListWebAuthnCredentials,
  );
  return {
    credentials: (Credentials ?? []).map(item => ({
      credentialId: item.CredentialId,
      friendlyCredentialName: item.FriendlyCredentialName,
      relyingPartyId: item.RelyingPartyId,
      authenticatorAttachment: item.AuthenticatorAttachment,
      authenticatorTransports: item.AuthenticatorTransports,
      createdAt: item.CreatedAt ? new Date(item.CreatedAt * 1000) : undefined,
    })),
    nextToken: NextToken,
  };
}

export function listWebAuthnCredentials(input?: ListWebAuthnCredentialsInput): Promise<ListWebAuthnCredentialsOutput> {
  return listWebAuthnCredentialsOf(defaultContext, input);
}
