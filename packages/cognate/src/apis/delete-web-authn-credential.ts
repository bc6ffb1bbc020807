/** deleteWebAuthnCredential: removes one of the signed-in user's passkeys by `credentialId`. */
import { deleteWebAuthnCredentialOperation } from '../client/operations/delete-web-authn-credential.js';
import type { AuthContext } from '../context/auth-context.js';
import { signedInCall } from './signed-in-call.js';
import { defaultContext } from '../context/default-context.js';
import type { DeleteWebAuthnCredentialInput } from '../types/auth.js';

export async function deleteWebAuthnCredentialOf(ctx: AuthContext, input: DeleteWebAuthnCredentialInput): Promise<void> {
  await signedInCall(ctx, deleteWebAuthnCredentialOperation, { CredentialId: input.credentialId });
}

export function deleteWebAuthnCredential(input: DeleteWebAuthnCredentialInput): Promise<void> {
  return deleteWebAuthnCredentialOf(defaultContext, input);
}
