/**
 * confirmSignIn: answers the step `signIn` returned (a new password, a custom challenge answer, an
 * MFA code or choice, an MFA setup) and returns `DONE` or the following step. A wrong answer leaves
 * the pending state in place so the user can try again (as Amplify does).
 *
 * First-factor selection (USER_AUTH): `'PASSWORD'` or `'PASSWORD_SRP'` asks for the password next
 * without a request, any other factor is sent as the choice; the password step answers with the
 * password (SRP for PASSWORD_SRP). A WEB_AUTHN choice goes straight on to the passkey.
 *
 * MFA setup inside sign-in (MFA_SETUP): `'TOTP'` or `'EMAIL'` picks the factor without a request
 * (TOTP then starts with AssociateSoftwareToken); a numeric answer is the authenticator app's first
 * code (VerifySoftwareToken with the sign-in session, then MFA_SETUP); an address with `@` is where
 * email codes go. A confirmed device's key goes with the answer and DEVICE_SRP_AUTH is answered
 * transparently.
 */
import type { ChallengeName, ChallengeOrTokensResponse } from '../client/wire-types.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { AuthError, SIGN_IN_EXCEPTION, toAuthError } from '../errors/auth-error.js';
import { assertValid } from '../errors/validation.js';
import { challengeResponses } from './challenge-responses.js';
import { respond, retryWithoutDevice, withDeviceSrp, type Exchange } from './password-verifier.js';
import { signInResult, signInResultFromError } from './sign-in-result.js';
import type { ConfirmSignInInput, ConfirmSignInOutput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

const CONFIRM_SIGN_IN = AuthAction.ConfirmSignIn;
/** USER_AUTH's first-factor steps, answered by `flows/user-auth.ts` (loaded then). */
const FIRST_FACTOR_CHALLENGES: ChallengeName[] = ['SELECT_CHALLENGE', 'WEB_AUTHN', 'PASSWORD', 'PASSWORD_SRP'];

export async function confirmSignInOf(ctx: AuthContext, input: ConfirmSignInInput): Promise<ConfirmSignInOutput> {
  const { challengeResponse, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!challengeResponse, 'EmptyChallengeResponse', 'challengeResponse is required to confirmSignIn');
  const { username, challengeName, signInSession, signInDetails } = ctx.signInState.get();
  if (!username || !challengeName || !signInSession) {
    throw new AuthError({
      name: SIGN_IN_EXCEPTION,
      message: 'There is no sign-in to confirm: signIn was not called, failed, or its session has expired.',
      recoverySuggestion: 'Call signIn first, and confirmSignIn within its session (3 minutes).',
    });
  }
  const x: Exchange = { ctx, client: userPoolClient(ctx, config), config, clientMetadata: options?.clientMetadata, action: CONFIRM_SIGN_IN };
  try {
    let response: ChallengeOrTokensResponse;
    if (challengeName === 'MFA_SETUP' && (challengeResponse === 'TOTP' || challengeResponse === 'EMAIL')) {
      const setup = challengeResponse === 'TOTP' ? 'SOFTWARE_TOKEN_MFA' : 'EMAIL_OTP';
      response = { ChallengeName: challengeName, Session: signInSession, ChallengeParameters: { MFAS_CAN_SETUP: `["${setup}"]` } };
    } else if (challengeName === 'MFA_SETUP' && /^\d+$/.test(challengeResponse)) {
      response = await (await import('./mfa-setup.js')).answerTotpSetup(x, username, challengeResponse, signInSession, options?.friendlyDeviceName);
    } else if (FIRST_FACTOR_CHALLENGES.includes(challengeName)) {
      response = await (await import('./user-auth.js')).answerFirstFactor(x, username, challengeName, challengeResponse, signInSession);
    } else {
      response = await retryWithoutDevice(ctx, username, async () => {
        const deviceKey = (await ctx.tokens.store.getDeviceMetadata(username))?.deviceKey;
        const responses = challengeResponses(challengeName, username, challengeResponse, options, deviceKey);
        return withDeviceSrp(x, username, await respond(x, challengeName, responses, signInSession));
      });
    }
    return await signInResult(ctx, username, response, signInDetails);
  } catch (caught) {
    const error = toAuthError(caught);
    const result = signInResultFromError(error.name);
    if (result) return result;
    throw error;
  }
}
