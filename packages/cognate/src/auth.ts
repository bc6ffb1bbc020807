/**
 * `cognate-auth/auth`: the auth APIs, their types and `AuthError`, as `aws-amplify/auth` exports them.
 */
export { signUp } from './apis/sign-up.js';
export { confirmSignUp } from './apis/confirm-sign-up.js';
export { resendSignUpCode } from './apis/resend-sign-up-code.js';
export { autoSignIn } from './apis/auto-sign-in.js';
export { signIn } from './apis/sign-in.js';
export { confirmSignIn } from './apis/confirm-sign-in.js';
export { signOut } from './apis/sign-out.js';
export { signInWithRedirect } from './apis/sign-in-with-redirect.js';
export { fetchAuthSession } from './apis/fetch-auth-session.js';
export { getCurrentUser } from './apis/get-current-user.js';
export { fetchUserAttributes } from './apis/fetch-user-attributes.js';
export { decodeJWT } from './apis/decode-jwt.js';
export { setUpTOTP } from './apis/set-up-totp.js';
export { verifyTOTPSetup } from './apis/verify-totp-setup.js';
export { updateMFAPreference } from './apis/update-mfa-preference.js';
export { fetchMFAPreference } from './apis/fetch-mfa-preference.js';
export { resetPassword } from './apis/reset-password.js';
export { confirmResetPassword } from './apis/confirm-reset-password.js';
export { updatePassword } from './apis/update-password.js';
export { updateUserAttributes } from './apis/update-user-attributes.js';
export { updateUserAttribute } from './apis/update-user-attribute.js';
export { confirmUserAttribute } from './apis/confirm-user-attribute.js';
export { sendUserAttributeVerificationCode } from './apis/send-user-attribute-verification-code.js';
export { deleteUserAttributes } from './apis/delete-user-attributes.js';
export { deleteUser } from './apis/delete-user.js';
export { rememberDevice } from './apis/remember-device.js';
export { forgetDevice } from './apis/forget-device.js';
export { fetchDevices } from './apis/fetch-devices.js';
export { associateWebAuthnCredential } from './apis/associate-web-authn-credential.js';
export { listWebAuthnCredentials } from './apis/list-web-authn-credentials.js';
export { deleteWebAuthnCredential } from './apis/delete-web-authn-credential.js';
export { AuthError } from './errors/auth-error.js';
export type { AuthErrorParams, AuthErrorMetadata } from './errors/auth-error.js';
export type { AuthValidationErrorCode } from './errors/validation.js';
export type {
  // inputs
  ConfirmResetPasswordInput,
  ConfirmSignInInput,
  ConfirmSignUpInput,
  ConfirmUserAttributeInput,
  ResendSignUpCodeInput,
  ResetPasswordInput,
  SignInInput,
  SignInWithRedirectInput,
  SignOutInput,
  SignUpInput,
  UpdateMFAPreferenceInput,
  UpdatePasswordInput,
  UpdateUserAttributesInput,
  UpdateUserAttributeInput,
  VerifyTOTPSetupInput,
  SendUserAttributeVerificationCodeInput,
  DeleteUserAttributesInput,
  ForgetDeviceInput,
  DeleteWebAuthnCredentialInput,
  ListWebAuthnCredentialsInput,
  // outputs
  FetchUserAttributesOutput,
  GetCurrentUserOutput,
  ConfirmSignInOutput,
  ConfirmSignUpOutput,
  FetchMFAPreferenceOutput,
  ResendSignUpCodeOutput,
  ResetPasswordOutput,
  SetUpTOTPOutput,
  SignInOutput,
  SignUpOutput,
  UpdateUserAttributesOutput,
  SendUserAttributeVerificationCodeOutput,
  UpdateUserAttributeOutput,
  FetchDevicesOutput,
  ListWebAuthnCredentialsOutput,
  // models
  AuthUser,
  CodeDeliveryDetails,
  UserAttributeKey,
  VerifiableUserAttributeKey,
  AuthWebAuthnCredential,
  AuthNextSignInStep,
  AuthNextSignUpStep,
  AuthFlowType,
  AuthFactorType,
  SignInOptions,
  SignUpOptions,
  ConfirmSignInOptions,
  CognitoAuthSignInDetails,
  ClientMetadata,
  ValidationData,
  MFAPreference,
  AuthMFAType,
  AuthDeliveryMedium,
} from './types/auth.js';
export type {
  FetchAuthSessionOptions,
  AuthSession,
  CredentialsAndIdentityIdProvider,
  GetCredentialsOptions,
  CredentialsAndIdentityId,
  TokenProvider,
  AuthTokens,
  JWT,
  JwtPayload,
  AWSCredentials,
} from './types/session.js';
