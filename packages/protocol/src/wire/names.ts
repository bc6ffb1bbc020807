/**
 * Cognito's wire names, spelt once: challenge names, auth flows, exception names (`__type`) and the
 * standard user attributes. Each table is an `as const` list with its union type, so the client and
 * cognate-local name them through the type (a typo is a compile error) and the server can also
 * check input against the list. The client imports the types only, so nothing here reaches its bundle.
 */

/** `ChallengeName` of InitiateAuth / RespondToAuthChallenge, and USER_AUTH's first factors. */
export const CHALLENGE_NAMES = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
] as const;
export type ChallengeName = (typeof CHALLENGE_NAMES)[number];

/** `AuthFlow` of InitiateAuth and AdminInitiateAuth. */
export const AUTH_FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
] as const;
export type AuthFlow = (typeof AUTH_FLOWS)[number];

/** An app client's `ExplicitAuthFlows` entries. */
export const EXPLICIT_AUTH_FLOWS = [
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
  'ALLOW_CLIENT_TOKEN_AUTH',
] as const;
export type ExplicitAuthFlow = (typeof EXPLICIT_AUTH_FLOWS)[number];

/** The MFA methods of `UserMFASettingList` / `PreferredMfaSetting`. */
export type MfaMethod = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** The exceptions the user-pool API (AWSCognitoIdentityProviderService) declares. */
export const USER_POOL_EXCEPTIONS = [
  'AliasExistsException',
  'CodeDeliveryFailureException',
  'CodeMismatchException',
  'ConcurrentModificationException',
  'DeviceKeyExistsException',
  'DuplicateProviderException',
  'EnableSoftwareTokenMFAException',
  'ExpiredCodeException',
  'FeatureUnavailableInTierException',
  'ForbiddenException',
  'GroupExistsException',
  'InternalErrorException',
  'InvalidEmailRoleAccessPolicyException',
  'InvalidLambdaResponseException',
  'InvalidOAuthFlowException',
  'InvalidParameterException',
  'InvalidPasswordException',
  'InvalidSmsRoleAccessPolicyException',
  'InvalidSmsRoleTrustRelationshipException',
  'InvalidUserPoolConfigurationException',
  'LimitExceededException',
  'MFAMethodNotFoundException',
  'ManagedLoginBrandingExistsException',
  'NotAuthorizedException',
  'OperationNotEnabledException',
  'PasswordHistoryPolicyViolationException',
  'PasswordResetRequiredException',
  'PreconditionNotMetException',
  'RefreshTokenReuseException',
  'ResourceNotFoundException',
  'ScopeDoesNotExistException',
  'SoftwareTokenMFANotFoundException',
  'TermsExistsException',
  'TierChangeNotAllowedException',
  'TooManyFailedAttemptsException',
  'TooManyRequestsException',
  'UnauthorizedException',
  'UnexpectedLambdaException',
  'UnsupportedIdentityProviderException',
  'UnsupportedOperationException',
  'UnsupportedTokenTypeException',
  'UnsupportedUserStateException',
  'UserImportInProgressException',
  'UserLambdaValidationException',
  'UserNotConfirmedException',
  'UserNotFoundException',
  'UserPoolAddOnNotEnabledException',
  'UserPoolTaggingException',
  'UsernameExistsException',
  'WebAuthnChallengeNotFoundException',
  'WebAuthnClientMismatchException',
  'WebAuthnConfigurationMissingException',
  'WebAuthnCredentialNotSupportedException',
  'WebAuthnNotEnabledException',
  'WebAuthnOriginNotAllowedException',
  'WebAuthnRelyingPartyMismatchException',
] as const;

/** The exceptions the identity-pool API (AWSCognitoIdentityService) adds to the shared ones. */
export const IDENTITY_POOL_EXCEPTIONS = [
  'DeveloperUserAlreadyRegisteredException',
  'ExternalServiceException',
  'InvalidIdentityPoolConfigurationException',
  'ResourceConflictException',
] as const;

/** What every AWS JSON 1.1 service may answer before an operation runs (protocol, auth, throttling). */
export const COMMON_EXCEPTIONS = [
  'AccessDeniedException',
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'SerializationException',
  'ServiceUnavailableException',
  'ThrottlingException',
  'UnknownOperationException',
  'UnrecognizedClientException',
  'ValidationException',
] as const;

/** Every `__type` a Cognito service answers with. */
export type ExceptionName = (typeof USER_POOL_EXCEPTIONS)[number] | (typeof IDENTITY_POOL_EXCEPTIONS)[number] | (typeof COMMON_EXCEPTIONS)[number];

/** The OpenID Connect standard attributes a user pool knows (custom ones are `custom:…`). */
export const STANDARD_ATTRIBUTES = [
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'sub',
  'updated_at',
  'website',
  'zoneinfo',
] as const;
export type StandardAttributeName = (typeof STANDARD_ATTRIBUTES)[number];
/** The attributes Cognito sends codes to. */
export type VerifiableAttributeName = 'email' | 'phone_number';
