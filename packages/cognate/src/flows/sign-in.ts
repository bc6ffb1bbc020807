/**
 * signIn: starts a sign-in with the chosen `authFlowType` and returns either `DONE` (tokens stored,
 * `signedIn` sent) or the next step to answer with `confirmSignIn`.
 *
 * - `USER_SRP_AUTH` (default): InitiateAuth with `SRP_A`, then PASSWORD_VERIFIER; the password never
 *   leaves the device.
 * - `USER_PASSWORD_AUTH`: InitiateAuth with the password (the app client must allow it).
 * - `CUSTOM_WITH_SRP`: CUSTOM_AUTH with `CHALLENGE_NAME: 'SRP_A'`, the verifier, then the custom challenge.
 * - `CUSTOM_WITHOUT_SRP`: CUSTOM_AUTH straight to the custom challenge; passing a password is an error.
 * - `USER_AUTH`: choice-based sign-in (`flows/user-auth.ts`): `preferredChallenge` (or the configured
 *   `passwordless.preferredChallenge`) picks PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP or WEB_AUTHN;
 *   without one Cognito offers `availableChallenges` (CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION).
 *
 * A confirmed device's key goes with the first factor, and Cognito's DEVICE_SRP_AUTH is answered
 * transparently; if Cognito no longer knows the device, its keys are dropped and the flow runs once
 * more without them. `UserNotConfirmedException` and `PasswordResetRequiredException` come back as the
 * `CONFIRM_SIGN_UP` and `RESET_PASSWORD` steps; with a user already signed in it throws
 * `UserAlreadyAuthenticatedException`.
 */
import { initiateAuth } from '../client/operations/initiate-auth.js';
import type { ChallengeOrTokensResponse } from '../client/wire-types.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { toAuthError } from '../errors/auth-error.js';
import { assertValid } from '../errors/validation.js';
import { answerPasswordVerifier, retryWithoutDevice, startSrp, withDeviceSrp, type Exchange } from './password-verifier.js';
import { signInResult, signInResultFromError } from './sign-in-result.js';
import type { SignInInput, SignInOutput } from '../types/auth.js';
import type { AuthFlowType, CognitoAuthSignInDetails } from '../types/session.js';
import { assertUserNotAuthenticated } from '../apis/get-current-user.js';
import { AuthAction } from '../client/auth-action.js';

const SIGN_IN = AuthAction.SignIn;

/** Runs the flow's requests up to the first answer the user must give (or tokens). */
async function runFlow(
  x: Exchange,
  input: SignInInput,
  flow: AuthFlowType,
  session?: string,
): Promise<{ username: string; response: ChallengeOrTokensResponse }> {
  // Choice-based sign-in is loaded when asked for.
  if (flow === 'USER_AUTH') return (await import('./user-auth.js')).startUserAuth(x, input, session);
  const { ctx, client, config } = x;
  const { username, password } = input;
  const base = { ClientId: config.userPoolClientId, ...(x.clientMetadata ? { ClientMetadata: x.clientMetadata } : {}) };
  const activeUsername = (r: ChallengeOrTokensResponse) => r.ChallengeParameters?.USERNAME ?? r.ChallengeParameters?.USER_ID_FOR_SRP ?? username;

  let response: ChallengeOrTokensResponse;
  if (flow === 'USER_PASSWORD_AUTH' || flow === 'CUSTOM_WITHOUT_SRP') {
    const AuthParameters: Record<string, string> = { USERNAME: username };
    if (flow === 'USER_PASSWORD_AUTH') AuthParameters.PASSWORD = password!;
    const key = (await ctx.tokens.store.getDeviceMetadata(username))?.deviceKey;
    if (key) AuthParameters.DEVICE_KEY = key;
    response = await initiateAuth(client, { AuthFlow: flow === 'USER_PASSWORD_AUTH' ? flow : 'CUSTOM_AUTH', AuthParameters, ...base }, SIGN_IN);
  } else {
    // USER_SRP_AUTH and CUSTOM_WITH_SRP
    const { session: srp, srpA } = startSrp();
    const AuthParameters: Record<string, string> = { USERNAME: username, SRP_A: srpA };
    if (flow === 'CUSTOM_WITH_SRP') AuthParameters.CHALLENGE_NAME = 'SRP_A';
    response = await initiateAuth(client, { AuthFlow: flow === 'CUSTOM_WITH_SRP' ? 'CUSTOM_AUTH' : 'USER_SRP_AUTH', AuthParameters, ...base }, SIGN_IN);
    if (response.ChallengeName === 'PASSWORD_VERIFIER') {
      const name = activeUsername(response);
      return {
        username: name,
        response: await withDeviceSrp(x, name, await answerPasswordVerifier(x, srp, password!, response.ChallengeParameters ?? {}, response.Session)),
      };
    }
  }
  const name = activeUsername(response);
  return { username: name, response: await withDeviceSrp(x, name, response) };
}

/** `signUpSession`: the (confirmed) sign-up session auto sign-in passes to a USER_AUTH sign-in. */
export async function signInOf(ctx: AuthContext, input: SignInInput, signUpSession?: string): Promise<SignInOutput> {
  await assertUserNotAuthenticated(ctx);
  const flow = input.options?.authFlowType ?? 'USER_SRP_AUTH';
  const config = requireUserPoolConfig(ctx);
  assertValid(!!input.username, 'EmptySignInUsername', 'username is required to signIn');
  if (flow === 'CUSTOM_WITHOUT_SRP')
    assertValid(
      !input.password,
      'CustomAuthSignInPassword',
      'A password is not needed when signing in with CUSTOM_WITHOUT_SRP',
      'Do not include a password in your signIn call.',
    );
  else if (flow !== 'USER_AUTH') assertValid(!!input.password, 'EmptySignInPassword', 'password is required to signIn');
  const signInDetails: CognitoAuthSignInDetails = { loginId: input.username, authFlowType: flow };
  const resetsAutoSignIn = flow === 'USER_SRP_AUTH' || flow === 'USER_PASSWORD_AUTH' || flow === 'USER_AUTH';
  const x: Exchange = { ctx, client: userPoolClient(ctx, config), config, clientMetadata: input.options?.clientMetadata, action: SIGN_IN };
  try {
    const { username, response } = await retryWithoutDevice(ctx, input.username, () => runFlow(x, input, flow, signUpSession));
    const output = await signInResult(ctx, username, response, signInDetails);
    if (output.isSignedIn && resetsAutoSignIn) ctx.autoSignIn.reset();
    return output;
  } catch (caught) {
    ctx.signInState.reset();
    if (resetsAutoSignIn) ctx.autoSignIn.reset();
    const error = toAuthError(caught);
    const result = signInResultFromError(error.name);
    if (result) return result;
    throw error;
  }
}
