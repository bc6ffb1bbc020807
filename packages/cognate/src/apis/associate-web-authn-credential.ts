/**
 * associateWebAuthnCredential: registers a passkey for the signed-in user —
 * StartWebAuthnRegistration, `navigator.credentials.create` with its options, then
 * CompleteWebAuthnRegistration with the result. Where the platform has no WebAuthn it throws
 * `PasskeyNotSupported` (after the first request, as Amplify); a canceled ceremony is
 * `PasskeyRegistrationCanceled`, an authenticator that already holds one `PasskeyAlreadyExists`.
 */
import type { AuthContext } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import { signedIn } from '../context/signed-in.js';
import type { PasskeyCreateOptionsJson } from '../passkey/passkey.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

export async function associateWebAuthnCredentialOf(ctx: AuthContext): Promise<void> {
  const { client, AccessToken } = await signedIn(ctx);
  const { CredentialCreationOptions: options } = await sendUserPoolRequest(
    client,
    'StartWebAuthnRegistration',
    { AccessToken },
    AuthAction.StartWebAuthnRegistration,
  );
  // The WebAuthn code is loaded on use, from the sign-in chunk that holds it already: each import() target is a chunk in an
  // app's bundle even where this API is unused.
  const { passkeyError, registerPasskey } = await import('../flows/sign-in.js');
  if (!options.challenge || !options.user || !options.rp || !options.pubKeyCredParams) throw passkeyError('InvalidPasskeyRegistrationOptions');
  const Credential = await registerPasskey(options as PasskeyCreateOptionsJson);
  await sendUserPoolRequest(client, 'CompleteWebAuthnRegistration', { AccessToken, Credential }, AuthAction.CompleteWebAuthnRegistration);
}

export function associateWebAuthnCredential(): Promise<void> {
  return associateWebAuthnCredentialOf(defaultContext);
}
