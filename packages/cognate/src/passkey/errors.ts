/**
 * Passkey errors with Amplify's names (`PasskeyErrorCode`) and messages. Amplify throws these as its
 * (unexported) `PasskeyError`; cognate throws them as `AuthError`s, so `error.name` is the same in
 * both and `instanceof AuthError` holds. The browser's DOMException is kept as `cause`.
 */
import { AuthError, authError } from '../errors/auth-error.js';

export type PasskeyErrorCode =
  | 'PasskeyNotSupported'
  | 'PasskeyAlreadyExists'
  | 'InvalidPasskeyRegistrationOptions'
  | 'InvalidPasskeyAuthenticationOptions'
  | 'RelyingPartyMismatch'
  | 'PasskeyRegistrationFailed'
  | 'PasskeyRetrievalFailed'
  | 'PasskeyRegistrationCanceled'
  | 'PasskeyAuthenticationCanceled'
  | 'PasskeyOperationAborted';

const CANCELED = 'User may have canceled the ceremony or another interruption has occurred. Check underlying error for details.';
const MISCONFIGURED = 'Ensure your user pool is configured to support the WEB_AUTHN as an authentication factor.';
const NOT_SUPPORTED =
  'Passkeys may not be supported on this device. Ensure your application is running in a secure context (HTTPS) and Web Authentication API is supported.';

const MESSAGES: Record<PasskeyErrorCode, [message: string, recoverySuggestion: string]> = {
  PasskeyNotSupported: ['Passkeys may not be supported on this device.', NOT_SUPPORTED],
  InvalidPasskeyRegistrationOptions: ['Invalid passkey registration options.', MISCONFIGURED],
  InvalidPasskeyAuthenticationOptions: ['Invalid passkey authentication options.', MISCONFIGURED],
  PasskeyRegistrationFailed: ['Device failed to create passkey.', NOT_SUPPORTED],
  PasskeyRetrievalFailed: [
    'Device failed to retrieve passkey.',
    'Passkeys may not be available on this device. Try an alternative authentication factor like PASSWORD, EMAIL_OTP, or SMS_OTP.',
  ],
  PasskeyAlreadyExists: ['Passkey already exists in authenticator.', 'Proceed with existing passkey or try again after deleting the credential.'],
  PasskeyRegistrationCanceled: ['Passkey registration ceremony has been canceled.', CANCELED],
  PasskeyAuthenticationCanceled: ['Passkey authentication ceremony has been canceled.', CANCELED],
  PasskeyOperationAborted: ['Passkey operation has been aborted.', CANCELED],
  RelyingPartyMismatch: ['Relying party does not match current domain.', 'Ensure relying party identifier matches current domain.'],
};

export function passkeyError(name: PasskeyErrorCode, cause?: unknown): AuthError {
  const [message, recoverySuggestion] = MESSAGES[name];
  return authError(name, message, recoverySuggestion, cause);
}

export function assertPasskey(ok: unknown, name: PasskeyErrorCode): asserts ok {
  if (!ok) throw passkeyError(name);
}

/**
 * What a failed `navigator.credentials.create` (`create`) or `.get` becomes (WebAuthn §5.1.3, §5.1.4):
 * NotAllowedError is a cancel, InvalidStateError (create) a passkey already on the authenticator,
 * AbortError an abort, SecurityError a relying party that is not this page's domain.
 */
export function toPasskeyError(error: unknown, create: boolean): AuthError {
  if (error instanceof AuthError) return error;
  const name = (error as { name?: unknown } | undefined)?.name;
  const code: PasskeyErrorCode | undefined =
    name === 'NotAllowedError'
      ? create
        ? 'PasskeyRegistrationCanceled'
        : 'PasskeyAuthenticationCanceled'
      : name === 'InvalidStateError' && create
        ? 'PasskeyAlreadyExists'
        : name === 'AbortError'
          ? 'PasskeyOperationAborted'
          : name === 'SecurityError'
            ? 'RelyingPartyMismatch'
            : undefined;
  return code ? passkeyError(code, error) : authError('Unknown', 'An unknown error has occurred.', undefined, error);
}
