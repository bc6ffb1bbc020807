/** deleteWebAuthnCredential: removes one of the signed-in user's passkeys by `credentialId`. */
import type { AuthContext } from '../context/auth-context.js';
import { signedInCall } from './signed-in-call.js';
import { defaultContext } from '../context/default-context.js';
import type { DeleteWebAuthnCredentialInput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function deleteWebAuthnCredentialOf(ctx: AuthContext, input: DeleteWebAuthnCredentialInput): Promise<void> {
  await signedInCall(ctx, 'DeleteWebAuthnCredential', { CredentialId: input.credentialId }, AuthAction.DeleteWebAuthnCredential);
}

export function deleteWebAuthnCredential(input: DeleteWebAuthnCredentialInput): Promise<void> {
  return deleteWebAuthnCredentialOf(defaultContext, input);
}
