/**
 * Input checks made before any request, with Amplify's validation error names and messages
 * (`AuthValidationErrorCode`), so `error.name` is the same whichever library threw it. Each call
 * site passes its own message, so a bundle carries only the messages of the APIs it uses.
 */
import { authError } from './auth-error.js';

/** The names of the validation errors (Amplify's `AuthValidationErrorCode` values). */
export type AuthValidationErrorCode =
  | 'EmptySignInUsername'
  | 'EmptySignInPassword'
  | 'CustomAuthSignInPassword'
  | 'EmptySignUpUsername'
  | 'EmptySignUpPassword'
  | 'EmptyConfirmSignUpUsername'
  | 'EmptyConfirmSignUpCode'
  | 'EmptyResendSignUpCodeUsername'
  | 'EmptyChallengeResponse'
  | 'EmptyConfirmResetPasswordUsername'
  | 'EmptyConfirmResetPasswordNewPassword'
  | 'EmptyConfirmResetPasswordConfirmationCode'
  | 'EmptyResetPasswordUsername'
  | 'EmptyVerifyTOTPSetupCode'
  | 'EmptyConfirmUserAttributeCode'
  | 'IncorrectMFAMethod'
  | 'EmptyUpdatePassword'
  | 'InvalidPreferredChallenge';

/** Throws the named validation error unless `ok`. */
export function assertValid(ok: unknown, name: AuthValidationErrorCode, message: string, recoverySuggestion?: string): asserts ok {
  if (!ok) throw authError(name, message, recoverySuggestion);
}
