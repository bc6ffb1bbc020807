/**
 * Cognito service errors. Handlers throw `CognitoError`; one boundary (`handler.ts`) turns it into
 * AWS JSON 1.1's error shape: HTTP 400 (500 for internal errors), `{"__type", "message"}` and the
 * `x-amzn-ErrorType` / `x-amzn-ErrorMessage` headers. Messages never carry secrets.
 * Exception names are @cognate/protocol's table, so a misspelt `__type` does not compile.
 */
import type { ExceptionName } from '@cognate/protocol/wire';

export class CognitoError extends Error {
  readonly type: ExceptionName;
  readonly status: number;
  constructor(type: ExceptionName, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

type ErrorFactory = (message?: string) => CognitoError;

function factory(type: ExceptionName, fallback: string, status = 400): ErrorFactory {
  return (message = fallback) => new CognitoError(type, message, status);
}

export const errors = {
  invalidParameter: factory('InvalidParameterException', 'Invalid parameter'),
  notAuthorized: factory('NotAuthorizedException', 'Incorrect username or password.'),
  userNotFound: factory('UserNotFoundException', 'User does not exist.'),
  usernameExists: factory('UsernameExistsException', 'User already exists'),
  resourceNotFound: factory('ResourceNotFoundException', 'Resource not found'),
  invalidPassword: factory('InvalidPasswordException', 'Password does not conform to policy'),
  codeMismatch: factory('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  expiredCode: factory('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  userNotConfirmed: factory('UserNotConfirmedException', 'User is not confirmed.'),
  passwordResetRequired: factory('PasswordResetRequiredException', 'Password reset required for the user'),
  tooManyFailedAttempts: factory('TooManyFailedAttemptsException', 'Too many failed attempts.'),
  limitExceeded: factory('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  aliasExists: factory('AliasExistsException', 'An account with the given email already exists.'),
  groupExists: factory('GroupExistsException', 'A group with the name already exists.'),
  deviceKeyExists: factory('DeviceKeyExistsException', 'Device has already been confirmed.'),
  unsupportedOperation: factory('UnsupportedOperationException', 'This operation is not supported by cognate-local yet.'),
  unsupportedTokenType: factory('UnsupportedTokenTypeException', 'Unsupported token type'),
  unauthorized: factory('UnauthorizedException', 'Invalid client or secret.'),
  invalidUserPoolConfiguration: factory('InvalidUserPoolConfigurationException', 'Invalid user pool configuration'),
  refreshTokenReuse: factory('RefreshTokenReuseException', 'Refresh token has already been used.'),
  passwordHistory: factory('PasswordHistoryPolicyViolationException', 'The password you entered has been used before.'),
  unknownOperation: factory('UnknownOperationException', 'Unknown operation'),
  internal: factory('InternalErrorException', 'An internal error occurred.', 500),
};
