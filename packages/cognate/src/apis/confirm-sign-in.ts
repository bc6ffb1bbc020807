/**
 * confirmSignIn: answers the step `signIn` returned (a new password, a custom challenge answer, an
 * MFA code or choice) and returns `DONE` or the following step. A wrong answer leaves the pending
 * state in place so the user can try again (as Amplify does).
 */
import { respondToAuthChallenge } from '../client/operations/respond-to-auth-challenge.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import { AuthError, SIGN_IN_EXCEPTION, toAuthError } from '../errors/auth-error.js';
import { assertValid } from '../errors/validation.js';
import { challengeResponses } from '../flows/challenge-responses.js';
import { completeSignIn } from '../flows/complete-sign-in.js';
import { signInResultFromChallenge, signInResultFromError } from '../flows/sign-in-result.js';
import type { ConfirmSignInInput, ConfirmSignInOutput } from '../types/auth.js';

const CONFIRM_SIGN_IN = 12;

export async function confirmSignInOf(ctx: AuthContext, input: ConfirmSignInInput): Promise<ConfirmSignInOutput> {
  const { challengeResponse, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!challengeResponse, 'EmptyChallengeResponse', 'challengeResponse is required to confirmSignIn');
  const { username, challengeName, signInSession, signInDetails } = ctx.signInState.get();
  if (!username || !challengeName || !signInSession) {
    throw new AuthError({
      name: SIGN_IN_EXCEPTION,
      message:
        'An error occurred during the sign in process. This most likely occurred due to: 1. signIn was not called before confirmSignIn. ' +
        '2. signIn threw an exception. 3. page was refreshed during the sign in flow and session has expired.',
      recoverySuggestion: 'Make sure a successful call to signIn is made before calling confirmSignIn and that the session has not expired.',
    });
  }
  try {
    const deviceKey = (await ctx.tokens.store.getDeviceMetadata(username))?.deviceKey;
    const response = await respondToAuthChallenge(
      userPoolClient(ctx, config),
      {
        ChallengeName: challengeName,
        ClientId: config.userPoolClientId,
        ChallengeResponses: challengeResponses(challengeName, username, challengeResponse, options, deviceKey),
        Session: signInSession,
        ...(options?.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}),
      },
      CONFIRM_SIGN_IN,
    );
    ctx.signInState.set({ username, challengeName: response.ChallengeName, signInSession: response.Session, ...(signInDetails ? { signInDetails } : {}) });
    if (response.AuthenticationResult) return await completeSignIn(ctx, username, response.AuthenticationResult, signInDetails);
    return signInResultFromChallenge({
      challengeName: response.ChallengeName ?? '',
      challengeParameters: response.ChallengeParameters ?? {},
      ...(response.AvailableChallenges ? { availableChallenges: response.AvailableChallenges } : {}),
    });
  } catch (caught) {
    const error = toAuthError(caught);
    const result = signInResultFromError(error.name);
    if (result) return result;
    throw error;
  }
}

export function confirmSignIn(input: ConfirmSignInInput): Promise<ConfirmSignInOutput> {
  return confirmSignInOf(defaultContext, input);
}
