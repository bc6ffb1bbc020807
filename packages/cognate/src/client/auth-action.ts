/**
 * Amplify's `AuthAction` (@aws-amplify/core's user-agent enum): which auth API made a call, sent as
 * `auth/<value>` in `x-amz-user-agent`. Same names and numbers as Amplify's (whose values are the
 * numbers' strings; the header text is the same). A numeric `const enum`, so esbuild inlines each
 * value where it is used as a bare number and the browser bundles grow by nothing.
 */
export enum AuthAction {
  SignUp = 1,
  ConfirmSignUp = 2,
  ResendSignUpCode = 3,
  SignIn = 4,
  FetchMFAPreference = 6,
  UpdateMFAPreference = 7,
  SetUpTOTP = 10,
  VerifyTOTPSetup = 11,
  ConfirmSignIn = 12,
  DeleteUserAttributes = 15,
  DeleteUser = 16,
  UpdateUserAttributes = 17,
  FetchUserAttributes = 18,
  ConfirmUserAttribute = 22,
  SignOut = 26,
  UpdatePassword = 27,
  ResetPassword = 28,
  ConfirmResetPassword = 29,
  FederatedSignIn = 30,
  RememberDevice = 32,
  ForgetDevice = 33,
  FetchDevices = 34,
  SendUserAttributeVerificationCode = 35,
  SignInWithRedirect = 36,
  StartWebAuthnRegistration = 37,
  CompleteWebAuthnRegistration = 38,
  ListWebAuthnCredentials = 39,
  DeleteWebAuthnCredential = 40,
}
