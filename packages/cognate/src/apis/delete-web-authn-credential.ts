/** deleteWebAuthnCredential: removes one of the signed-in user's passkeys by `credentialId`. */
import { deleteWebAuthnCredentialOperation } from '../client/operations/delete-web-authn-credential.js';
import type { AuthContext } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import { signedIn } from '../context/signed-in.js';
import type { DeleteWebAuthnCredentialInput } from '../types/auth.js';

export async function deleteWebAuthnCredentialOf(ctx: AuthContext, input: DeleteWebAuthnCredentialInput): Promise<void> {
  const { client, AccessToken } = await signedIn(ctx);
  await deleteWebAuthnCredentialOperation(client, { AccessToken, CredentialId: input.credentialId });
}

export function deleteWebAuthnCredential(input: DeleteWebAuthnCredentialInput): Promise<void> {
  return deleteWebAuthnCredentialOf(defaultContext, input);
}
