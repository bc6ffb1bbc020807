/**
 * The browser half of passkeys: `navigator.credentials.create` / `.get` fed from the JSON options
 * Cognito sends (`CredentialCreationOptions`, `CREDENTIAL_REQUEST_OPTIONS`) and answered with the
 * JSON Cognito verifies (RegistrationResponseJSON / AuthenticationResponseJSON). The byte fields
 * cross between the two as base64url, converted here by hand. Only `associateWebAuthnCredential`
 * imports this module statically; the WEB_AUTHN sign-in path imports it on demand, so sign-in
 * bundles carry none of it until a passkey is asked for (and then only with code splitting).
 */
import { fromBase64Url, toBase64Url } from './base64url.js';
import { assertPasskey, toPasskeyError } from './errors.js';

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
  return !!w && w.document !== undefined && !!w.isSecureContext && !!g.navigator && 'credentials' in g.navigator && typeof w.PublicKeyCredential === 'function';
}

const descriptors = (list: CredentialDescriptorJson[] | undefined) =>
  (list ?? []).map(d => ({ ...d, id: fromBase64Url(d.id) })) as PublicKeyCredentialDescriptor[];

function common(credential: PublicKeyCredential, response: Record<string, unknown>): PasskeyJson {
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
    response,
    ...(credential.authenticatorAttachment ? { authenticatorAttachment: credential.authenticatorAttachment } : {}),
  };
}

/** Creates a passkey for the options; returns the RegistrationResponseJSON. */
export async function registerPasskey(options: PasskeyCreateOptionsJson): Promise<PasskeyJson> {
  try {
    assertPasskey(isPasskeySupported(), 'PasskeyNotSupported');
    const publicKey = {
      ...options,
      challenge: fromBase64Url(options.challenge),
      user: { ...options.user, id: fromBase64Url(options.user.id) },
      excludeCredentials: descriptors(options.excludeCredentials),
    } as unknown as PublicKeyCredentialCreationOptions;
    const credential = await navigator.credentials.create({ publicKey });
    assertPasskey(credential instanceof PublicKeyCredential && credential.response instanceof AuthenticatorAttestationResponse, 'PasskeyRegistrationFailed');
    const r = credential.response as AuthenticatorAttestationResponse;
    const publicKeyBytes = r.getPublicKey?.();
    return common(credential, {
      clientDataJSON: toBase64Url(r.clientDataJSON),
      attestationObject: toBase64Url(r.attestationObject),
      transports: r.getTransports?.() ?? [],
      ...(r.getPublicKeyAlgorithm ? { publicKeyAlgorithm: r.getPublicKeyAlgorithm() } : {}),
      ...(r.getAuthenticatorData ? { authenticatorData: toBase64Url(r.getAuthenticatorData()) } : {}),
      ...(publicKeyBytes ? { publicKey: toBase64Url(publicKeyBytes) } : {}),
    });
  } catch (error) {
    throw toPasskeyError(error, 'create');
  }
}

/**
 * Asks the authenticator to sign the challenge of the WEB_AUTHN challenge's
 * `CREDENTIAL_REQUEST_OPTIONS` (a JSON string); returns the AuthenticationResponseJSON.
 */
export async function getPasskey(requestOptions: string | undefined): Promise<PasskeyJson> {
  try {
    assertPasskey(!!requestOptions, 'InvalidPasskeyAuthenticationOptions');
    const options = JSON.parse(requestOptions) as PasskeyGetOptionsJson;
    assertPasskey(isPasskeySupported(), 'PasskeyNotSupported');
    const publicKey = {
      ...options,
      challenge: fromBase64Url(options.challenge),
      allowCredentials: descriptors(options.allowCredentials),
    } as unknown as PublicKeyCredentialRequestOptions;
    const credential = await navigator.credentials.get({ publicKey });
    assertPasskey(credential instanceof PublicKeyCredential && credential.response instanceof AuthenticatorAssertionResponse, 'PasskeyRetrievalFailed');
    const r = credential.response as AuthenticatorAssertionResponse;
    return common(credential, {
      clientDataJSON: toBase64Url(r.clientDataJSON),
      authenticatorData: toBase64Url(r.authenticatorData),
      signature: toBase64Url(r.signature),
      ...(r.userHandle ? { userHandle: toBase64Url(r.userHandle) } : {}),
    });
  } catch (error) {
    throw toPasskeyError(error, 'get');
  }
}
