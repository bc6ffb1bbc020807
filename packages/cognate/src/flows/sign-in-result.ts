/**
 * Maps what Cognito answered to a sign-in (a challenge, tokens, or certain errors) to Amplify's
 * `{isSignedIn, nextStep}`. The table is Amplify's `getSignInResult`; each MFA or passwordless step
 * that later issues add gets its entry here and its answer in `challenge-responses.ts`.
 */
import { AuthError, SIGN_IN_EXCEPTION } from '../errors/auth-error.js';
import type { AuthMFAType, AuthDeliveryMedium, ChallengeName, SignInOutput } from '../types/auth.js';

const MFA_NAMES: Record<string, AuthMFAType> = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL' };

function mfaTypes(json: string | undefined): AuthMFAType[] {
  if (!json) return [];
  return (JSON.parse(json) as string[]).map((name) => MFA_NAMES[name]).filter((t): t is AuthMFAType => !!t);
}

function missingAttributes(json: string | undefined): string[] {
  if (!json) return [];
  return (JSON.parse(json) as string[]).map((name) => name.replace('userAttributes.', ''));
}

function codeDelivery(parameters: Record<string, string>) {
  return {
    deliveryMedium: parameters.CODE_DELIVERY_DELIVERY_MEDIUM as AuthDeliveryMedium,
    destination: parameters.CODE_DELIVERY_DESTINATION,
  };
}

export interface ChallengeAnswer {
  challengeName: string;
  challengeParameters?: Record<string, string>;
  availableChallenges?: string[];
}

/** The next step for a challenge that the user must answer. */
export function signInResultFromChallenge({ challengeName, challengeParameters = {}, availableChallenges }: ChallengeAnswer): SignInOutput {
  const step = (nextStep: SignInOutput['nextStep']): SignInOutput => ({ isSignedIn: false, nextStep });
  switch (challengeName) {
    case 'CUSTOM_CHALLENGE':
      return step({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: challengeParameters });
    case 'NEW_PASSWORD_REQUIRED':
      return step({ signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: missingAttributes(challengeParameters.requiredAttributes) });
    case 'SELECT_MFA_TYPE':
      return step({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMFATypes: mfaTypes(challengeParameters.MFAS_CAN_CHOOSE) });
    case 'SMS_MFA':
    case 'SMS_OTP':
      return step({ signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDeliveryDetails: codeDelivery(challengeParameters) });
    case 'SOFTWARE_TOKEN_MFA':
      return step({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
    case 'EMAIL_OTP':
      return step({ signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: codeDelivery(challengeParameters) });
    case 'PASSWORD':
    case 'PASSWORD_SRP':
      return step({ signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' });
    case 'SELECT_CHALLENGE':
      return step({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: availableChallenges as ChallengeName[] });
    case 'MFA_SETUP': {
      const types = mfaTypes(challengeParameters.MFAS_CAN_SETUP).filter((t) => t === 'EMAIL' || t === 'TOTP');
      if (types.length === 2) return step({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMFATypes: types });
      if (types[0] === 'EMAIL') return step({ signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' });
      // TOTP setup (AssociateSoftwareToken) arrives with the MFA issue.
      throw new AuthError({ name: SIGN_IN_EXCEPTION, message: `Cannot initiate MFA setup from available types: ${types}` });
    }
  }
  throw new AuthError({
    name: SIGN_IN_EXCEPTION,
    message: `An error occurred during the sign in process. ${challengeName} challengeName returned by the underlying service was not addressed.`,
  });
}

/** Errors that Amplify turns into a next step instead of throwing. */
export function signInResultFromError(name: string): SignInOutput | undefined {
  if (name === 'PasswordResetRequiredException') return { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } };
  if (name === 'UserNotConfirmedException') return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } };
  return undefined;
}
