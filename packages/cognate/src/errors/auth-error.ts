/**
 * The one error class every cognate API throws. `name` is the discriminant users branch on: the
 * Cognito exception name for service errors (`NotAuthorizedException`, `UserNotFoundException`, …),
 * a validation name (`EmptySignInUsername`, …) for rejected input, or a library name
 * (`UserUnAuthenticatedException`, `AuthUserPoolException`, `NetworkError`, `Unknown`, …).
 *
 * Differences from Amplify, on purpose: configuration and network errors are `AuthError`s too (Amplify
 * throws its base `AmplifyError` for those), and the wrapped error is the standard `cause`
 * (`underlyingError` is kept as an alias for code written against Amplify).
 */

/** Request facts Cognito returned with an error. */
export interface AuthErrorMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
}

export interface AuthErrorParams {
  name: string;
  message: string;
  recoverySuggestion?: string;
  /** The error this one wraps (a fetch `TypeError`, a service response, …). */
  cause?: unknown;
  /** Amplify's name for `cause`. */
  underlyingError?: unknown;
  metadata?: AuthErrorMetadata;
}

export class AuthError extends Error {
  recoverySuggestion?: string;
  metadata?: AuthErrorMetadata;
  declare cause?: unknown;

  constructor({ name, message, recoverySuggestion, cause, underlyingError, metadata }: AuthErrorParams) {
    const wrapped = cause ?? underlyingError;
    super(message, wrapped === undefined ? undefined : { cause: wrapped });
    this.name = name;
    if (recoverySuggestion !== undefined) this.recoverySuggestion = recoverySuggestion;
    if (metadata !== undefined) this.metadata = metadata;
  }

  /** Amplify's name for `cause`. */
  get underlyingError(): unknown {
    return this.cause;
  }
}

/** `new AuthError({ name, message, recoverySuggestion, cause })`, shorter where it is written often. */
export const authError = (name: string, message: string, recoverySuggestion?: string, cause?: unknown): AuthError =>
  new AuthError({ name, message, recoverySuggestion, cause });

export const USER_UNAUTHENTICATED_EXCEPTION = 'UserUnAuthenticatedException';
export const USER_ALREADY_AUTHENTICATED_EXCEPTION = 'UserAlreadyAuthenticatedException';
export const AUTO_SIGN_IN_EXCEPTION = 'AutoSignInException';
export const SIGN_IN_EXCEPTION = 'SignInException';
export const UNEXPECTED_SIGN_IN_INTERRUPTION_EXCEPTION = 'UnexpectedSignInInterruptionException';

/** Thrown by every API that needs a signed-in user when there is none. */
export function userUnauthenticatedError(): AuthError {
  return authError(USER_UNAUTHENTICATED_EXCEPTION, 'User needs to be authenticated to call this API.', 'Sign in before calling this API again.');
}

/**
 * Wraps anything that is not already an AuthError as Amplify's `assertServiceError` sorts it: a plain
 * `Error` or a `TypeError` (a bug, a JWT that does not decode) is `Unknown` with a fixed message, and so
 * is a `RangeError` (the shared SRP code's checks throw one where Amplify's throw an `Error`); any
 * other error (a `SyntaxError` from a body that is not JSON) keeps its name and message.
 */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  return error instanceof Error && error.name !== 'Error' && !(error instanceof TypeError || error instanceof RangeError)
    ? authError(error.name, error.message, undefined, error)
    : authError('Unknown', 'An unknown error has occurred.', undefined, error);
}
