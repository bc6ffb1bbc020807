/**
 * The request and response shapes of the operations the cognate client sends, one file per operation
 * under operations/ (named after it, as its client call and cognate-local handler are), and one map
 * per service from operation name to them: the client types its calls with the map, cognate-local
 * checks the answers it builds against the same shapes. Types only: no run-time code.
 */
import type { InitiateAuthRequest, InitiateAuthResponse } from './operations/initiate-auth.js';
import type { RespondToAuthChallengeRequest, RespondToAuthChallengeResponse } from './operations/respond-to-auth-challenge.js';
import type { GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse } from './operations/get-tokens-from-refresh-token.js';
import type { RevokeTokenRequest } from './operations/revoke-token.js';
import type { GlobalSignOutRequest } from './operations/global-sign-out.js';
import type { SignUpRequest, SignUpResponse } from './operations/sign-up.js';
import type { ConfirmSignUpRequest, ConfirmSignUpResponse } from './operations/confirm-sign-up.js';
import type { ResendConfirmationCodeRequest, ResendConfirmationCodeResponse } from './operations/resend-confirmation-code.js';
import type { ForgotPasswordRequest, ForgotPasswordResponse } from './operations/forgot-password.js';
import type { ConfirmForgotPasswordRequest } from './operations/confirm-forgot-password.js';
import type { ChangePasswordRequest } from './operations/change-password.js';
import type { GetUserRequest, GetUserResponse } from './operations/get-user.js';
import type { DeleteUserRequest } from './operations/delete-user.js';
import type { UpdateUserAttributesRequest, UpdateUserAttributesResponse } from './operations/update-user-attributes.js';
import type { DeleteUserAttributesRequest } from './operations/delete-user-attributes.js';
import type { GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse } from './operations/get-user-attribute-verification-code.js';
import type { VerifyUserAttributeRequest } from './operations/verify-user-attribute.js';
import type { AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse } from './operations/associate-software-token.js';
import type { VerifySoftwareTokenRequest, VerifySoftwareTokenResponse } from './operations/verify-software-token.js';
import type { SetUserMFAPreferenceRequest } from './operations/set-user-mfa-preference.js';
import type { ConfirmDeviceRequest, ConfirmDeviceResponse } from './operations/confirm-device.js';
import type { ListDevicesRequest, ListDevicesResponse } from './operations/list-devices.js';
import type { ForgetDeviceRequest } from './operations/forget-device.js';
import type { UpdateDeviceStatusRequest } from './operations/update-device-status.js';
import type { StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse } from './operations/start-web-authn-registration.js';
import type { CompleteWebAuthnRegistrationRequest } from './operations/complete-web-authn-registration.js';
import type { ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse } from './operations/list-web-authn-credentials.js';
import type { DeleteWebAuthnCredentialRequest } from './operations/delete-web-authn-credential.js';
import type { GetIdRequest, GetIdResponse } from './operations/get-id.js';
import type { GetCredentialsForIdentityRequest, GetCredentialsForIdentityResponse } from './operations/get-credentials-for-identity.js';

export type * from './shapes.js';
export type * from './operations/initiate-auth.js';
export type * from './operations/respond-to-auth-challenge.js';
export type * from './operations/get-tokens-from-refresh-token.js';
export type * from './operations/revoke-token.js';
export type * from './operations/global-sign-out.js';
export type * from './operations/sign-up.js';
export type * from './operations/confirm-sign-up.js';
export type * from './operations/resend-confirmation-code.js';
export type * from './operations/forgot-password.js';
export type * from './operations/confirm-forgot-password.js';
export type * from './operations/change-password.js';
export type * from './operations/get-user.js';
export type * from './operations/delete-user.js';
export type * from './operations/update-user-attributes.js';
export type * from './operations/delete-user-attributes.js';
export type * from './operations/get-user-attribute-verification-code.js';
export type * from './operations/verify-user-attribute.js';
export type * from './operations/associate-software-token.js';
export type * from './operations/verify-software-token.js';
export type * from './operations/set-user-mfa-preference.js';
export type * from './operations/confirm-device.js';
export type * from './operations/list-devices.js';
export type * from './operations/forget-device.js';
export type * from './operations/update-device-status.js';
export type * from './operations/start-web-authn-registration.js';
export type * from './operations/complete-web-authn-registration.js';
export type * from './operations/list-web-authn-credentials.js';
export type * from './operations/delete-web-authn-credential.js';
export type * from './operations/get-id.js';
export type * from './operations/get-credentials-for-identity.js';

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
