/**
 * The public auth types of `aws-amplify/auth`, with the same names and shapes (generic `Auth*`
 * types and their Cognito specialisations folded into one file). Types for APIs that later issues
 * implement (MFA, devices, attributes, passwordless) are here already.
 */
import type { AuthStandardAttributeKey, AuthVerifiableAttributeKey } from './config.js';
import type { AuthFlowType, ClientMetadata, CognitoAuthSignInDetails } from './session.js';

export type { AuthFlowType, ClientMetadata, CognitoAuthSignInDetails };

// ── models ────────────────────────────────────────────────────────────────────────────────────

export type AuthAdditionalInfo = Record<string, string>;
export type AuthAnyAttribute = string & NonNullable<unknown>;
export type CustomAttribute = string & NonNullable<unknown>;
export type AuthUserAttributeKey = AuthStandardAttributeKey | AuthAnyAttribute;
export type UserAttributeKey = AuthStandardAttributeKey | CustomAttribute;
export type VerifiableUserAttributeKey = AuthVerifiableAttributeKey;
export type AuthUserAttributes<K extends AuthUserAttributeKey = AuthUserAttributeKey> = Partial<Record<K, string>>;
export interface AuthUserAttribute<K extends AuthUserAttributeKey = AuthUserAttributeKey> {
  attributeKey: K;
  value: string;
}
export type ValidationData = Record<string, string>;
export type AuthFactorType = 'WEB_AUTHN' | 'EMAIL_OTP' | 'SMS_OTP' | 'PASSWORD' | 'PASSWORD_SRP';
export type MFAPreference = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';
export type AuthDeliveryMedium = 'EMAIL' | 'SMS' | 'PHONE' | 'UNKNOWN';
export type AuthMFAType = 'SMS' | 'TOTP' | 'EMAIL';
export type AuthAllowedMFATypes = AuthMFAType[];
/** Cognito challenge names as they appear in `availableChallenges` (the wire table's). */
import type { ChallengeName } from '@cognate/protocol/wire';
export type { ChallengeName };

export interface AuthCodeDeliveryDetails<K extends AuthUserAttributeKey = AuthUserAttributeKey> {
  destination?: string;
  deliveryMedium?: AuthDeliveryMedium;
  attributeName?: K;
}
export type CodeDeliveryDetails<K extends UserAttributeKey = UserAttributeKey> = AuthCodeDeliveryDetails<K>;

export interface AuthTOTPSetupDetails {
  sharedSecret: string;
  getSetupUri(appName: string, accountName?: string): URL;
}

/** `{username, userId}` from the id token. */
export interface AWSAuthUser {
  username: string;
  userId: string;
}
export interface AuthUser extends AWSAuthUser {
  signInDetails?: CognitoAuthSignInDetails;
}

export interface AuthDevice {
  id: string;
  name?: string;
}
export type AWSAuthDevice = AuthDevice & {
  attributes: Partial<Record<'device_status' | 'device_name' | 'last_ip_used', string>> & Record<string, string>;
  createDate?: Date;
  lastAuthenticatedDate?: Date;
  lastModifiedDate?: Date;
};

export interface AuthWebAuthnCredential {
  credentialId: string | undefined;
  friendlyCredentialName: string | undefined;
  relyingPartyId: string | undefined;
  authenticatorAttachment?: string;
  authenticatorTransports: string[] | undefined;
  createdAt: Date | undefined;
}

// ── next steps ────────────────────────────────────────────────────────────────────────────────

export interface ConfirmSignInWithCustomChallenge {
  signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE';
  additionalInfo?: AuthAdditionalInfo;
}
export interface ContinueSignInWithMFASelection {
  signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION';
  allowedMFATypes?: AuthAllowedMFATypes;
}
export interface ConfirmSignInWithNewPasswordRequired<K extends AuthUserAttributeKey = AuthUserAttributeKey> {
  signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED';
  missingAttributes?: K[];
}
export interface ConfirmSignInWithSMSCode {
  signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE';
  codeDeliveryDetails?: AuthCodeDeliveryDetails;
}
export interface ConfirmSignInWithTOTPCode {
  signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE';
}
export interface ConfirmSignInWithEmailCode {
  signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE';
  codeDeliveryDetails?: AuthCodeDeliveryDetails;
}
export interface ContinueSignInWithTOTPSetup {
  signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP';
  totpSetupDetails: AuthTOTPSetupDetails;
}
export interface ContinueSignInWithEmailSetup {
  signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP';
}
export interface ContinueSignInWithMFASetupSelection {
  signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION';
  allowedMFATypes?: AuthAllowedMFATypes;
}
export interface ContinueSignInWithFirstFactorSelection {
  signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION';
  availableChallenges?: ChallengeName[];
}
export interface ConfirmSignInWithPassword {
  signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD';
}
export interface ConfirmSignUpStep {
  signInStep: 'CONFIRM_SIGN_UP';
}
export interface ResetPasswordStep {
  signInStep: 'RESET_PASSWORD';
}
export interface DoneSignInStep {
  signInStep: 'DONE';
}

export type AuthNextSignInStep<K extends AuthUserAttributeKey = AuthUserAttributeKey> =
  | ConfirmSignInWithCustomChallenge
  | ContinueSignInWithMFASelection
  | ConfirmSignInWithNewPasswordRequired<K>
  | ConfirmSignInWithSMSCode
  | ConfirmSignInWithTOTPCode
  | ConfirmSignInWithEmailCode
  | ContinueSignInWithTOTPSetup
  | ContinueSignInWithEmailSetup
  | ContinueSignInWithMFASetupSelection
  | ContinueSignInWithFirstFactorSelection
  | ConfirmSignInWithPassword
  | ConfirmSignUpStep
  | ResetPasswordStep
  | DoneSignInStep;

export interface ConfirmSignUpSignUpStep<K extends AuthUserAttributeKey = AuthUserAttributeKey> {
  signUpStep: 'CONFIRM_SIGN_UP';
  codeDeliveryDetails: AuthCodeDeliveryDetails<K>;
}
export interface AutoSignInSignUpStep<K extends AuthUserAttributeKey = AuthUserAttributeKey> {
  signUpStep: 'COMPLETE_AUTO_SIGN_IN';
  codeDeliveryDetails?: AuthCodeDeliveryDetails<K>;
}
export interface DoneSignUpStep {
  signUpStep: 'DONE';
}
export type AuthNextSignUpStep<K extends AuthUserAttributeKey = AuthUserAttributeKey> = ConfirmSignUpSignUpStep<K> | AutoSignInSignUpStep<K> | DoneSignUpStep;

export type AuthResetPasswordStep = 'CONFIRM_RESET_PASSWORD_WITH_CODE' | 'DONE';
export interface AuthNextResetPasswordStep<K extends AuthUserAttributeKey = AuthUserAttributeKey> {
  resetPasswordStep: AuthResetPasswordStep;
  additionalInfo?: AuthAdditionalInfo;
  codeDeliveryDetails: AuthCodeDeliveryDetails<K>;
}
export type AuthUpdateAttributeStep = 'CONFIRM_ATTRIBUTE_WITH_CODE' | 'DONE';
export interface AuthNextUpdateAttributeStep<K extends AuthUserAttributeKey = AuthUserAttributeKey> {
  updateAttributeStep: AuthUpdateAttributeStep;
  codeDeliveryDetails?: AuthCodeDeliveryDetails<K>;
}

// ── options ───────────────────────────────────────────────────────────────────────────────────

export type AuthServiceOptions = Record<string, unknown>;
export type SignInOptions = AuthServiceOptions & {
  authFlowType?: AuthFlowType;
  clientMetadata?: ClientMetadata;
  preferredChallenge?: AuthFactorType;
};
export type SignUpOptions<K extends AuthUserAttributeKey = UserAttributeKey> = {
  userAttributes: AuthUserAttributes<K>;
  validationData?: ValidationData;
  clientMetadata?: ClientMetadata;
  autoSignIn?: SignInOptions | boolean;
};
export type ConfirmSignUpOptions = AuthServiceOptions & { clientMetadata?: ClientMetadata; forceAliasCreation?: boolean };
export type ConfirmSignInOptions = AuthServiceOptions & {
  userAttributes?: AuthUserAttributes;
  clientMetadata?: ClientMetadata;
  friendlyDeviceName?: string;
};
export type ResendSignUpCodeOptions = AuthServiceOptions & { clientMetadata?: ClientMetadata };
export type ResetPasswordOptions = AuthServiceOptions & { clientMetadata?: ClientMetadata };
export type ConfirmResetPasswordOptions = AuthServiceOptions & { clientMetadata?: ClientMetadata };
export type VerifyTOTPSetupOptions = AuthServiceOptions & { friendlyDeviceName?: string };
export type UpdateUserAttributesOptions = AuthServiceOptions & { clientMetadata?: ClientMetadata };
export type UpdateUserAttributeOptions = AuthServiceOptions & { clientMetadata?: ClientMetadata };
export type SendUserAttributeVerificationCodeOptions = AuthServiceOptions & { clientMetadata?: ClientMetadata };

// ── inputs ────────────────────────────────────────────────────────────────────────────────────

export interface SignInInput {
  username: string;
  password?: string;
  options?: SignInOptions;
}
export interface SignUpInput {
  username: string;
  password?: string;
  options?: SignUpOptions<UserAttributeKey>;
}
export interface ConfirmSignUpInput {
  username: string;
  confirmationCode: string;
  options?: ConfirmSignUpOptions;
}
export interface ResendSignUpCodeInput {
  username: string;
  options?: ResendSignUpCodeOptions;
}
export interface ConfirmSignInInput {
  challengeResponse: string;
  options?: ConfirmSignInOptions;
}
export interface SignOutInput {
  global: boolean;
  oauth?: { redirectUrl?: string };
}
export interface ResetPasswordInput {
  username: string;
  options?: ResetPasswordOptions;
}
export interface ConfirmResetPasswordInput {
  username: string;
  newPassword: string;
  confirmationCode: string;
  options?: ConfirmResetPasswordOptions;
}
export interface UpdatePasswordInput {
  oldPassword: string;
  newPassword: string;
}
export interface UpdateMFAPreferenceInput {
  sms?: MFAPreference;
  totp?: MFAPreference;
  email?: MFAPreference;
}
export interface VerifyTOTPSetupInput {
  code: string;
  options?: VerifyTOTPSetupOptions;
}
export interface UpdateUserAttributesInput {
  userAttributes: AuthUserAttributes<UserAttributeKey>;
  options?: UpdateUserAttributesOptions;
}
export interface UpdateUserAttributeInput {
  userAttribute: AuthUserAttribute<UserAttributeKey>;
  options?: UpdateUserAttributeOptions;
}
export interface ConfirmUserAttributeInput {
  userAttributeKey: VerifiableUserAttributeKey;
  confirmationCode: string;
}
export interface SendUserAttributeVerificationCodeInput {
  userAttributeKey: VerifiableUserAttributeKey;
  options?: SendUserAttributeVerificationCodeOptions;
}
export interface DeleteUserAttributesInput {
  userAttributeKeys: [UserAttributeKey, ...UserAttributeKey[]];
}
export interface ForgetDeviceInput {
  device?: AuthDevice;
}
export type AuthProvider = 'Amazon' | 'Apple' | 'Facebook' | 'Google';
export interface SignInWithRedirectInput {
  provider?: AuthProvider | { custom: string; idpIdentifier?: never } | { idpIdentifier: string; custom?: never };
  customState?: string;
  options?: {
    preferPrivateSession?: boolean;
    loginHint?: string;
    lang?: string;
    nonce?: string;
    prompt?: 'NONE' | 'LOGIN' | 'CONSENT' | 'SELECT_ACCOUNT';
  };
}
export interface ListWebAuthnCredentialsInput {
  pageSize?: number;
  nextToken?: string;
}
export interface DeleteWebAuthnCredentialInput {
  credentialId: string;
}

// ── outputs ───────────────────────────────────────────────────────────────────────────────────

export interface SignInOutput {
  isSignedIn: boolean;
  nextStep: AuthNextSignInStep<AuthUserAttributeKey>;
}
export type ConfirmSignInOutput = SignInOutput;
export interface SignUpOutput {
  isSignUpComplete: boolean;
  userId?: string;
  nextStep: AuthNextSignUpStep<AuthVerifiableAttributeKey>;
}
export type ConfirmSignUpOutput = SignUpOutput;
export type ResendSignUpCodeOutput = AuthCodeDeliveryDetails<AuthVerifiableAttributeKey>;
export type FetchUserAttributesOutput = AuthUserAttributes<UserAttributeKey>;
export type GetCurrentUserOutput = AuthUser;
export interface ResetPasswordOutput {
  isPasswordReset: boolean;
  nextStep: AuthNextResetPasswordStep<AuthVerifiableAttributeKey>;
}
export type SetUpTOTPOutput = AuthTOTPSetupDetails;
export interface FetchMFAPreferenceOutput {
  enabled?: AuthMFAType[];
  preferred?: AuthMFAType;
}
export interface UpdateUserAttributeOutput {
  isUpdated: boolean;
  nextStep: AuthNextUpdateAttributeStep<UserAttributeKey>;
}
export type UpdateUserAttributesOutput = Record<UserAttributeKey, UpdateUserAttributeOutput>;
export type SendUserAttributeVerificationCodeOutput = AuthCodeDeliveryDetails<AuthVerifiableAttributeKey>;
export type FetchDevicesOutput = AWSAuthDevice[];
export interface ListWebAuthnCredentialsOutput {
  credentials: AuthWebAuthnCredential[];
  nextToken?: string;
}
