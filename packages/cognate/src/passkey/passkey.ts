/**
 * The browser half of passkeys: `navigator.credentials.create` / `.get` fed from the JSON options
 * Cognito sends (`CredentialCreationOptions`, `CREDENTIAL_REQUEST_OPTIONS`) and answered with the
 * JSON Cognito verifies (RegistrationResponseJSON / AuthenticationResponseJSON). The byte fields
 * cross between the two as base64url (RFC 4648 §5, no padding; the encoding is @cognate/protocol's).
 * `associateWebAuthnCredential` imports this module on demand; the sign-in code (itself loaded on
 * demand) imports it for WEB_AUTHN. Absent optional fields are left `undefined`, so the JSON sent
 * leaves them out.
 */
import { base64UrlToBytes, bytesToBase64Url } from '@cognate/protocol/encoding';
import { assertPasskey, toPasskeyError } from './errors.js';

export { passkeyError } from './errors.js';

interface CredentialDescriptorJson {
  type: string;
  id: string;
  transports?: string[];
}

/** `PublicKeyCredentialCreationOptionsJSON`, as StartWebAuthnRegistration returns it. */
export interface PasskeyCreateOptionsJson {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: { type: string; alg: number }[];
  timeout?: number;
  excludeCredentials?: CredentialDescriptorJson[];
  authenticatorSelection?: Record<string, unknown>;
  attestation?: string;
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `PublicKeyCredentialRequestOptionsJSON`, as the WEB_AUTHN challenge carries it. */
export interface PasskeyGetOptionsJson {
  challenge: string;
  rpId?: string;
  timeout?: number;
  allowCredentials?: CredentialDescriptorJson[];
  userVerification?: string;
  [key: string]: unknown;
}

export type PasskeyJson = Record<string, unknown>;

/** Amplify's test: a browser page in a secure context with the Credential Management and WebAuthn APIs. */
export function isPasskeySupported(): boolean {
  const g = globalThis as { window?: { isSecureContext?: boolean; document?: unknown; PublicKeyCredential?: unknown }; navigator?: object };
  const w = g.window;
  return !!w?.isSecureContext && w.document !== undefined && !!g.navigator && 'credentials' in g.navigator && typeof w.PublicKeyCredential === 'function';
}

/** base64url of a buffer the browser gave (undefined for none). */
const b64 = (data: ArrayBuffer | null | undefined) => (data ? bytesToBase64Url(new Uint8Array(data)) : undefined);

const descriptors = (list: CredentialDescriptorJson[] | undefined) => (list ?? []).map(d => ({ ...d, id: base64UrlToBytes(d.id) }));

/**
 * One ceremony: `create` with the registration options, or `get` with the WEB_AUTHN challenge's
 * `CREDENTIAL_REQUEST_OPTIONS` (a JSON string). Every failure becomes a passkey `AuthError`.
 */
async function ceremony(create: boolean, input: PasskeyCreateOptionsJson | string | undefined): Promise<PasskeyJson> {
  try {
    if (!create) assertPasskey(!!input, 'InvalidPasskeyAuthenticationOptions');
    const options = (create ? input : JSON.parse(input as string)) as PasskeyCreateOptionsJson & PasskeyGetOptionsJson;
    assertPasskey(isPasskeySupported(), 'PasskeyNotSupported');
    const publicKey = { ...options, challenge: base64UrlToBytes(options.challenge) } as unknown as PublicKeyCredentialCreationOptions &
      PublicKeyCredentialRequestOptions;
    if (create) {
      publicKey.user = { ...options.user, id: base64UrlToBytes(options.user.id) };
      publicKey.excludeCredentials = descriptors(options.excludeCredentials) as PublicKeyCredentialDescriptor[];
    } else publicKey.allowCredentials = descriptors(options.allowCredentials) as PublicKeyCredentialDescriptor[];
    const credential = await navigator.credentials[create ? 'create' : 'get']({ publicKey });
    const r = (credential as PublicKeyCredential | null)?.response as AuthenticatorAttestationResponse & AuthenticatorAssertionResponse;
    assertPasskey(
      credential instanceof PublicKeyCredential && r instanceof (create ? AuthenticatorAttestationResponse : AuthenticatorAssertionResponse),
      create ? 'PasskeyRegistrationFailed' : 'PasskeyRetrievalFailed',
    );
    return {
      id: credential.id,
      rawId: b64(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
      response: create
        ? {
            clientDataJSON: b64(r.clientDataJSON),
            attestationObject: b64(r.attestationObject),
            transports: r.getTransports?.() ?? [],
            publicKeyAlgorithm: r.getPublicKeyAlgorithm?.(),
            authenticatorData: b64(r.getAuthenticatorData?.()),
            publicKey: b64(r.getPublicKey?.()),
          }
        : { clientDataJSON: b64(r.clientDataJSON), authenticatorData: b64(r.authenticatorData), signature: b64(r.signature), userHandle: b64(r.userHandle) },
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  } catch (error) {
    throw toPasskeyError(error, create);
  }
}

/** Creates a passkey for the options; returns the RegistrationResponseJSON. */
export const registerPasskey = (options: PasskeyCreateOptionsJson): Promise<PasskeyJson> => ceremony(true, options);

/** Asks the authenticator to sign the WEB_AUTHN challenge's `CREDENTIAL_REQUEST_OPTIONS` (a JSON string); returns the AuthenticationResponseJSON. */
export const getPasskey = (requestOptions: string | undefined): Promise<PasskeyJson> => ceremony(false, requestOptions);
