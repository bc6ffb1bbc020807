/**
 * Input checks made before any request, with Amplify's validation error names and messages
 * (`AuthValidationErrorCode`), so `error.name` is the same whichever library threw it.
 */
import { AuthError } from './auth-error.js';

const VALIDATION = {
  EmptySignInUsername: 'username is required to signIn',
  EmptySignInPassword: 'password is required to signIn',
  CustomAuthSignInPassword: 'A password is not needed when signing in with CUSTOM_WITHOUT_SRP',
  EmptySignUpUsername: 'username is required to signUp',
  EmptySignUpPassword: 'password is required to signUp',
  EmptyConfirmSignUpUsername: 'username is required to confirmSignUp',
  EmptyConfirmSignUpCode: 'code is required to confirmSignUp',
  EmptyResendSignUpCodeUsername: 'username is required to confirmSignUp',
  EmptyChallengeResponse: 'challengeResponse is required to confirmSignIn',
  EmptyConfirmResetPasswordUsername: 'username is required to confirmResetPassword',
  EmptyConfirmResetPasswordNewPassword: 'newPassword is required to confirmResetPassword',
  EmptyConfirmResetPasswordConfirmationCode: 'confirmationCode is required to confirmResetPassword',
  EmptyResetPasswordUsername: 'username is required to resetPassword',
  EmptyVerifyTOTPSetupCode: 'code is required to verifyTotpSetup',
  EmptyConfirmUserAttributeCode: 'confirmation code is required to confirmUserAttribute',
  IncorrectMFAMethod: 'Incorrect MFA method was chosen. It should be either SMS, TOTP, or EMAIL',
  EmptyUpdatePassword: 'oldPassword and newPassword are required to changePassword',
  InvalidPreferredChallenge: 'The preferred challenge is not enabled in your backend configuration',
} as const;

/** The names of the validation errors. */
export type AuthValidationErrorCode = keyof typeof VALIDATION;

const SUGGESTIONS: Partial<Record<AuthValidationErrorCode, string>> = {
  CustomAuthSignInPassword: 'Do not include a password in your signIn call.',
  IncorrectMFAMethod: 'Try to pass TOTP, SMS or EMAIL as the challengeResponse',
};

/** Throws the named validation error unless `ok`. */
export function assertValid(ok: unknown, name: AuthValidationErrorCode): asserts ok {
  if (!ok) {
    const recoverySuggestion = SUGGESTIONS[name];
    throw new AuthError({ name, message: VALIDATION[name], ...(recoverySuggestion ? { recoverySuggestion } : {}) });
  }
}
