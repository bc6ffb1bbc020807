/** deleteWebAuthnCredential: removes one of the signed-in user's passkeys by `credentialId`. */
import type { AuthContext } from '../context/auth-context.js';
import { signedIn } from '../context/signed-in.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { defaultContext } from '../context/default-context.js';
import type { DeleteWebAuthnCredentialInput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function deleteWebAuthnCredentialOf(ctx: AuthContext, input: DeleteWebAuthnCredentialInput): Promise<void> {
  // The session is checked before the input is read, as in Amplify.
  const { client, AccessToken } = await signedIn(ctx);
  await sendUserPoolRequest(client, 'DeleteWebAuthnCredential', { AccessToken, CredentialId: input.credentialId }, AuthAction.DeleteWebAuthnCredential);
}

export function deleteWebAuthnCredential(input: DeleteWebAuthnCredentialInput): Promise<void> {
  return deleteWebAuthnCredentialOf(defaultContext, input);
}
