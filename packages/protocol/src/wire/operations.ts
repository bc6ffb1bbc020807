/**
 * Request and response shapes of the operations the cognate client sends, with AWS's field names,
 * and one map per service from operation name to them. The client types its calls with the map;
 * cognate-local checks the answers it builds against the same shapes. Types only: no run-time code.
 */
import type { AuthFlow, ChallengeName, MfaMethod } from './names.js';

// ── shapes shared by several operations ──────────────────────────────────────────────────────

export interface AttributeType {
  Name: string;
  Value?: string;
}

export type DeliveryMedium = 'SMS' | 'EMAIL';

export interface CodeDeliveryDetailsType {
  Destination?: string;
  DeliveryMedium?: DeliveryMedium;
  AttributeName?: string;
}

export interface NewDeviceMetadataType {
  DeviceKey?: string;
  DeviceGroupKey?: string;
}

export interface AuthenticationResultType {
  AccessToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  RefreshToken?: string;
  IdToken?: string;
  NewDeviceMetadata?: NewDeviceMetadataType;
}

/** What InitiateAuth and RespondToAuthChallenge both return: a challenge, or tokens. */
export interface ChallengeOrTokensResponse {
  ChallengeName?: ChallengeName;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
  AvailableChallenges?: ChallengeName[];
}

export interface UserContextDataType {
  EncodedData?: string;
  IpAddress?: string;
}

export type ClientMetadata = Record<string, string>;

// ── sign-in ──────────────────────────────────────────────────────────────────────────────────

export interface InitiateAuthRequest {
  AuthFlow: AuthFlow;
  ClientId: string;
  AuthParameters: Record<string, string>;
  ClientMetadata?: ClientMetadata;
  Session?: string;
  UserContextData?: UserContextDataType;
}
export type InitiateAuthResponse = ChallengeOrTokensResponse;

export interface RespondToAuthChallengeRequest {
  ChallengeName: ChallengeName;
  ClientId: string;
  ChallengeResponses: Record<string, string>;
  Session?: string;
  ClientMetadata?: ClientMetadata;
  UserContextData?: UserContextDataType;
}
export type RespondToAuthChallengeResponse = ChallengeOrTokensResponse;

export interface GetTokensFromRefreshTokenRequest {
  ClientId: string;
  RefreshToken: string;
  ClientSecret?: string;
  DeviceKey?: string;
  ClientMetadata?: ClientMetadata;
}
export interface GetTokensFromRefreshTokenResponse {
  AuthenticationResult: AuthenticationResultType & { AccessToken: string };
}

export interface RevokeTokenRequest {
  ClientId: string;
  Token: string;
  ClientSecret?: string;
}

export interface GlobalSignOutRequest {
  AccessToken: string;
}

// ── sign-up and passwords ────────────────────────────────────────────────────────────────────

export interface SignUpRequest {
  ClientId: string;
  Username: string;
  Password?: string;
  SecretHash?: string;
  UserAttributes?: AttributeType[];
  ValidationData?: AttributeType[];
  ClientMetadata?: ClientMetadata;
}
export interface SignUpResponse {
  UserConfirmed: boolean;
  UserSub: string;
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
  Session?: string;
}

export interface ConfirmSignUpRequest {
  ClientId: string;
  Username: string;
  ConfirmationCode: string;
  ForceAliasCreation?: boolean;
  ClientMetadata?: ClientMetadata;
  Session?: string;
}
export interface ConfirmSignUpResponse {
  Session?: string;
}

export interface ResendConfirmationCodeRequest {
  ClientId: string;
  Username: string;
  ClientMetadata?: ClientMetadata;
}
export interface ResendConfirmationCodeResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export interface ForgotPasswordRequest {
  ClientId: string;
  Username: string;
  ClientMetadata?: ClientMetadata;
}
export interface ForgotPasswordResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export interface ConfirmForgotPasswordRequest {
  ClientId: string;
  Username: string;
  ConfirmationCode: string;
  Password: string;
  ClientMetadata?: ClientMetadata;
}

export interface ChangePasswordRequest {
  AccessToken: string;
  PreviousPassword: string;
  ProposedPassword: string;
}

// ── the signed-in user ───────────────────────────────────────────────────────────────────────

export interface GetUserRequest {
  AccessToken: string;
}
export interface GetUserResponse {
  Username: string;
  UserAttributes: AttributeType[];
  PreferredMfaSetting?: MfaMethod;
  UserMFASettingList?: MfaMethod[];
}

export interface DeleteUserRequest {
  AccessToken: string;
}

export interface UpdateUserAttributesRequest {
  AccessToken: string;
  UserAttributes: AttributeType[];
  ClientMetadata?: ClientMetadata;
}
export interface UpdateUserAttributesResponse {
  CodeDeliveryDetailsList?: CodeDeliveryDetailsType[];
}

export interface DeleteUserAttributesRequest {
  AccessToken: string;
  UserAttributeNames: string[];
}

export interface GetUserAttributeVerificationCodeRequest {
  AccessToken: string;
  AttributeName: string;
  ClientMetadata?: ClientMetadata;
}
export interface GetUserAttributeVerificationCodeResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export interface VerifyUserAttributeRequest {
  AccessToken: string;
  AttributeName: string;
  Code: string;
}

// ── MFA ──────────────────────────────────────────────────────────────────────────────────────

export interface AssociateSoftwareTokenRequest {
  AccessToken?: string;
  Session?: string;
}
export interface AssociateSoftwareTokenResponse {
  SecretCode: string;
  Session?: string;
}

export interface VerifySoftwareTokenRequest {
  UserCode: string;
  AccessToken?: string;
  Session?: string;
  FriendlyDeviceName?: string;
}
export interface VerifySoftwareTokenResponse {
  Status?: 'SUCCESS' | 'ERROR';
  Session?: string;
}

export interface MfaSettings {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}
export interface SetUserMFAPreferenceRequest {
  AccessToken: string;
  SMSMfaSettings?: MfaSettings;
  SoftwareTokenMfaSettings?: MfaSettings;
  EmailMfaSettings?: MfaSettings;
}

// ── devices ──────────────────────────────────────────────────────────────────────────────────

export interface ConfirmDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceName?: string;
  DeviceSecretVerifierConfig: { PasswordVerifier: string; Salt: string };
}
export interface ConfirmDeviceResponse {
  UserConfirmationNecessary?: boolean;
}

export interface DeviceType {
  DeviceKey?: string;
  DeviceAttributes?: AttributeType[];
  DeviceCreateDate?: number;
  DeviceLastModifiedDate?: number;
  DeviceLastAuthenticatedDate?: number;
}
export interface ListDevicesRequest {
  AccessToken: string;
  Limit?: number;
  PaginationToken?: string;
}
export interface ListDevicesResponse {
  Devices: DeviceType[];
  PaginationToken?: string;
}

export interface ForgetDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
}

export interface UpdateDeviceStatusRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceRememberedStatus?: 'remembered' | 'not_remembered';
}

// ── passkeys ─────────────────────────────────────────────────────────────────────────────────

export interface StartWebAuthnRegistrationRequest {
  AccessToken: string;
}
export interface StartWebAuthnRegistrationResponse {
  /** PublicKeyCredentialCreationOptionsJSON, a JSON document (not a string). */
  CredentialCreationOptions: Record<string, unknown>;
}

export interface CompleteWebAuthnRegistrationRequest {
  AccessToken: string;
  /** RegistrationResponseJSON, a JSON document (not a string). */
  Credential: Record<string, unknown>;
}

export interface WebAuthnCredentialDescription {
  CredentialId?: string;
  FriendlyCredentialName?: string;
  RelyingPartyId?: string;
  AuthenticatorAttachment?: string;
  AuthenticatorTransports?: string[];
  CreatedAt?: number;
}
export interface ListWebAuthnCredentialsRequest {
  AccessToken: string;
  MaxResults?: number;
  NextToken?: string;
}
export interface ListWebAuthnCredentialsResponse {
  Credentials: WebAuthnCredentialDescription[];
  NextToken?: string;
}

export interface DeleteWebAuthnCredentialRequest {
  AccessToken: string;
  CredentialId: string;
}

// ── identity pools ───────────────────────────────────────────────────────────────────────────

export interface GetIdRequest {
  IdentityPoolId: string;
  AccountId?: string;
  Logins?: Record<string, string>;
}
export interface GetIdResponse {
  IdentityId: string;
}

export interface CredentialsType {
  AccessKeyId?: string;
  SecretKey?: string;
  SessionToken?: string;
  /** Epoch seconds. */
  Expiration?: number;
}
export interface GetCredentialsForIdentityRequest {
  IdentityId: string;
  Logins?: Record<string, string>;
  CustomRoleArn?: string;
}
export interface GetCredentialsForIdentityResponse {
  IdentityId?: string;
  Credentials?: CredentialsType;
}

// ── the maps ─────────────────────────────────────────────────────────────────────────────────

/** `void`: the operation answers an empty JSON object. */
interface Call<Request, Response = void> {
  request: Request;
  response: Response;
}

/** Every user-pool operation the client sends (`AWSCognitoIdentityProviderService.<name>`). */
export interface UserPoolOperations {
  AssociateSoftwareToken: Call<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse>;
  ChangePassword: Call<ChangePasswordRequest>;
  CompleteWebAuthnRegistration: Call<CompleteWebAuthnRegistrationRequest>;
  ConfirmDevice: Call<ConfirmDeviceRequest>;
  ConfirmForgotPassword: Call<ConfirmForgotPasswordRequest>;
  ConfirmSignUp: Call<ConfirmSignUpRequest, ConfirmSignUpResponse>;
  DeleteUser: Call<DeleteUserRequest>;
  DeleteUserAttributes: Call<DeleteUserAttributesRequest>;
  DeleteWebAuthnCredential: Call<DeleteWebAuthnCredentialRequest>;
  ForgetDevice: Call<ForgetDeviceRequest>;
  ForgotPassword: Call<ForgotPasswordRequest, ForgotPasswordResponse>;
  GetTokensFromRefreshToken: Call<GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse>;
  GetUser: Call<GetUserRequest, GetUserResponse>;
  GetUserAttributeVerificationCode: Call<GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse>;
  GlobalSignOut: Call<GlobalSignOutRequest>;
  InitiateAuth: Call<InitiateAuthRequest, InitiateAuthResponse>;
  ListDevices: Call<ListDevicesRequest, ListDevicesResponse>;
  ListWebAuthnCredentials: Call<ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse>;
  ResendConfirmationCode: Call<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse>;
  RespondToAuthChallenge: Call<RespondToAuthChallengeRequest, RespondToAuthChallengeResponse>;
  RevokeToken: Call<RevokeTokenRequest>;
  SetUserMFAPreference: Call<SetUserMFAPreferenceRequest>;
  SignUp: Call<SignUpRequest, SignUpResponse>;
  StartWebAuthnRegistration: Call<StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse>;
  UpdateDeviceStatus: Call<UpdateDeviceStatusRequest>;
  UpdateUserAttributes: Call<UpdateUserAttributesRequest, UpdateUserAttributesResponse>;
  VerifySoftwareToken: Call<VerifySoftwareTokenRequest, VerifySoftwareTokenResponse>;
  VerifyUserAttribute: Call<VerifyUserAttributeRequest>;
}
export type UserPoolOperationName = keyof UserPoolOperations;

/** Every identity-pool operation the client sends (`AWSCognitoIdentityService.<name>`). */
export interface IdentityPoolOperations {
  GetId: Call<GetIdRequest, GetIdResponse>;
  GetCredentialsForIdentity: Call<GetCredentialsForIdentityRequest, GetCredentialsForIdentityResponse>;
}
export type IdentityPoolOperationName = keyof IdentityPoolOperations;
