/**
 * Maps what Cognito answered to a sign-in (a challenge, tokens, or certain errors) to Amplify's
 * `{isSignedIn, nextStep}`. The table is Amplify's `getSignInResult`; each MFA or passwordless step
 * that later issues add gets its entry here and its answer in `challenge-responses.ts`.
 */
import type { ChallengeOrTokensResponse, ExceptionName } from '../client/wire-types.js';
import type { AuthContext } from '../context/auth-context.js';
import { AuthError, SIGN_IN_EXCEPTION } from '../errors/auth-error.js';
import type { AuthMFAType, AuthDeliveryMedium, ChallengeName, SignInOutput } from '../types/auth.js';
import type { CognitoAuthSignInDetails } from '../types/session.js';
import { completeSignIn } from './complete-sign-in.js';
import { MFA_NAMES } from './mfa-names.js';
import { answerWebAuthn } from './web-authn-sign-in.js';

function mfaTypes(json: string | undefined): AuthMFAType[] {
  if (!json) return [];
  return (JSON.parse(json) as string[]).map(name => MFA_NAMES[name]).filter((t): t is AuthMFAType => !!t);
}

function missingAttributes(json: string | undefined): string[] {
  if (!json) return [];
  return (JSON.parse(json) as string[]).map(name => name.replace('userAttributes.', ''));
}

function codeDelivery(parameters: Record<string, string>) {
  return {
    deliveryMedium: parameters.CODE_DELIVERY_DELIVERY_MEDIUM as AuthDeliveryMedium,
    destination: parameters.CODE_DELIVERY_DESTINATION,
  };
}

export interface ChallengeAnswer {
  /** '' when the service answered neither a challenge nor tokens. */
  challengeName: ChallengeName | '';
  challengeParameters?: Record<string, string>;
  availableChallenges?: ChallengeName[];
}

/**
 * The next step for a challenge that the user must answer. Called once the sign-in state holds the
 * challenge's session: TOTP setup starts here (AssociateSoftwareToken with that session, whose
 * successor is stored), as in Amplify.
 */
export async function signInResultFromChallenge(
  ctx: AuthContext,
  { challengeName, challengeParameters = {}, availableChallenges }: ChallengeAnswer,
): Promise<SignInOutput> {
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
    case 'WEB_AUTHN': {
      // Answered at once with the platform's passkey (its WebAuthn code is loaded on demand).
      const { username, response, signInDetails } = await answerWebAuthn(ctx, challengeParameters);
      return signInResult(ctx, username, response, signInDetails);
    }
    case 'SELECT_CHALLENGE':
      return step({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: availableChallenges as ChallengeName[] });
    case 'MFA_SETUP': {
      const types = mfaTypes(challengeParameters.MFAS_CAN_SETUP).filter(t => t === 'EMAIL' || t === 'TOTP');
      if (types.length > 1) return step({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMFATypes: types });
      if (types[0] === 'EMAIL') return step({ signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' });
      if (types[0] === 'TOTP')
        return step({ signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP', totpSetupDetails: await (await import('./mfa-setup.js')).startTotpSetup(ctx) });
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
  if (name === ('PasswordResetRequiredException' satisfies ExceptionName)) return { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } };
  if (name === ('UserNotConfirmedException' satisfies ExceptionName)) return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } };
  return undefined;
}

/**
 * Where every sign-in response ends, in `signIn` and `confirmSignIn` alike: the pending state is
 * stored (so a wrong answer can be retried), then tokens give `DONE` and a challenge its step.
 */
export function signInResult(
  ctx: AuthContext,
  username: string,
  response: ChallengeOrTokensResponse,
  signInDetails: CognitoAuthSignInDetails | undefined,
): Promise<SignInOutput> {
  ctx.signInState.set({ username, challengeName: response.ChallengeName, signInSession: response.Session, ...(signInDetails ? { signInDetails } : {}) });
  if (response.AuthenticationResult) return completeSignIn(ctx, username, response.AuthenticationResult, signInDetails);
  return signInResultFromChallenge(ctx, {
    challengeName: response.ChallengeName ?? '',
    challengeParameters: response.ChallengeParameters ?? {},
    ...(response.AvailableChallenges ? { availableChallenges: response.AvailableChallenges } : {}),
  });
}
