/**
 * What `confirmSignIn` sends for each pending challenge: the `ChallengeResponses` built from the
 * user's answer. One entry per challenge; first-factor selection and passkeys slot in here.
 */
import { AuthError, SIGN_IN_EXCEPTION } from '../errors/auth-error.js';
import { assertValid } from '../errors/validation.js';
import type { ConfirmSignInOptions } from '../types/auth.js';
import type { ChallengeName } from '../client/wire-types.js';

const CODE_FIELDS: Partial<Record<ChallengeName, string>> = {
  SMS_MFA: 'SMS_MFA_CODE',
  SMS_OTP: 'SMS_OTP_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
};
const MFA_ANSWERS: Record<string, ChallengeName> = { SMS: 'SMS_MFA', TOTP: 'SOFTWARE_TOKEN_MFA', EMAIL: 'EMAIL_OTP' };

export function challengeResponses(
  challengeName: ChallengeName,
  username: string,
  answer: string,
  options: ConfirmSignInOptions | undefined,
  deviceKey: string | undefined,
): Record<string, string> {
  const device: Record<string, string> = deviceKey ? { DEVICE_KEY: deviceKey } : {};
  if (challengeName in CODE_FIELDS) return { USERNAME: username, [CODE_FIELDS[challengeName]!]: answer, ...device };
  switch (challengeName) {
    case 'NEW_PASSWORD_REQUIRED': {
      const responses: Record<string, string> = { NEW_PASSWORD: answer, USERNAME: username };
      for (const [key, value] of Object.entries(options?.userAttributes ?? {})) {
        if (value) responses[`userAttributes.${key}`] = value;
      }
      return responses;
    }
    case 'CUSTOM_CHALLENGE':
      return { USERNAME: username, ANSWER: answer, ...device };
    case 'SELECT_MFA_TYPE':
      assertValid(
        answer in MFA_ANSWERS,
        'IncorrectMFAMethod',
        'Incorrect MFA method was chosen. It should be either SMS, TOTP, or EMAIL',
        'Try to pass SMS, TOTP, or EMAIL as the challengeResponse',
      );
      return { USERNAME: username, ANSWER: MFA_ANSWERS[answer]! };
    case 'MFA_SETUP':
      // An email address to send EMAIL_OTP codes to ('EMAIL', 'TOTP' and TOTP codes are handled before).
      if (answer.includes('@')) return { USERNAME: username, EMAIL: answer };
      throw new AuthError({
        name: SIGN_IN_EXCEPTION,
        message: `Cannot proceed with MFA setup using challengeResponse: ${answer}`,
        recoverySuggestion: 'Try passing "EMAIL", "TOTP", a valid email, or OTP code as the challengeResponse.',
      });
  }
  throw new AuthError({
    name: SIGN_IN_EXCEPTION,
    message: `An error occurred during the sign in process. ${challengeName} challengeName returned by the underlying service was not addressed.`,
  });
}
