/**
 * signIn: starts a sign-in with the chosen `authFlowType` and returns either `DONE` (tokens stored,
 * `signedIn` sent) or the next step to answer with `confirmSignIn`.
 *
 * - `USER_SRP_AUTH` (default): InitiateAuth with `SRP_A`, then PASSWORD_VERIFIER; the password never
 *   leaves the device.
 * - `USER_PASSWORD_AUTH`: InitiateAuth with the password (the app client must allow it).
 * - `CUSTOM_WITH_SRP`: CUSTOM_AUTH with `CHALLENGE_NAME: 'SRP_A'`, the verifier, then the custom challenge.
 * - `CUSTOM_WITHOUT_SRP`: CUSTOM_AUTH straight to the custom challenge; passing a password is an error.
 *
 * `UserNotConfirmedException` and `PasswordResetRequiredException` come back as the
 * `CONFIRM_SIGN_UP` and `RESET_PASSWORD` steps; with a user already signed in it throws
 * `UserAlreadyAuthenticatedException`.
 */
import { initiateAuth, type InitiateAuthRequest } from '../client/operations/initiate-auth.js';
import type { ChallengeOrTokensResponse } from '../client/wire-types.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import { AuthError, toAuthError, USER_ALREADY_AUTHENTICATED_EXCEPTION } from '../errors/auth-error.js';
import { assertValid } from '../errors/validation.js';
import { completeSignIn } from '../flows/complete-sign-in.js';
import { answerPasswordVerifier, startSrp } from '../flows/password-verifier.js';
import { signInResultFromChallenge, signInResultFromError } from '../flows/sign-in-result.js';
import type { SignInInput, SignInOutput } from '../types/auth.js';
import type { AuthFlowType, CognitoAuthSignInDetails } from '../types/session.js';
import { currentUserOf } from './get-current-user.js';

const SIGN_IN = 4;

async function assertUserNotAuthenticated(ctx: AuthContext): Promise<void> {
  let user;
  try {
    user = await currentUserOf(ctx);
  } catch {
    return;
  }
  if (user?.userId && user.username) {
    throw new AuthError({
      name: USER_ALREADY_AUTHENTICATED_EXCEPTION,
      message: 'There is already a signed in user.',
      recoverySuggestion: 'Call signOut before calling signIn again.',
    });
  }
}

/** Runs the flow's requests up to the first answer the user must give (or tokens). */
async function runFlow(ctx: AuthContext, input: SignInInput, flow: AuthFlowType): Promise<{ username: string; response: ChallengeOrTokensResponse }> {
  const config = requireUserPoolConfig(ctx);
  const client = userPoolClient(ctx, config);
  const { username, password } = input;
  const clientMetadata = input.options?.clientMetadata;
  const base = { ClientId: config.userPoolClientId, ...(clientMetadata ? { ClientMetadata: clientMetadata } : {}) };
  const deviceKey = async () => (await ctx.tokens.store.getDeviceMetadata(username))?.deviceKey;
  const activeUsername = (r: ChallengeOrTokensResponse) =>
    r.ChallengeParameters?.USERNAME ?? r.ChallengeParameters?.USER_ID_FOR_SRP ?? username;

  if (flow === 'USER_PASSWORD_AUTH' || flow === 'CUSTOM_WITHOUT_SRP') {
    const AuthParameters: Record<string, string> = { USERNAME: username };
    if (flow === 'USER_PASSWORD_AUTH') AuthParameters.PASSWORD = password!;
    const key = await deviceKey();
    if (key) AuthParameters.DEVICE_KEY = key;
    const request: InitiateAuthRequest = { AuthFlow: flow === 'USER_PASSWORD_AUTH' ? flow : 'CUSTOM_AUTH', AuthParameters, ...base };
    const response = await initiateAuth(client, request, SIGN_IN);
    return { username: activeUsername(response), response };
  }

  // USER_SRP_AUTH and CUSTOM_WITH_SRP
  const { session: srp, srpA } = startSrp();
  const AuthParameters: Record<string, string> = { USERNAME: username, SRP_A: srpA };
  if (flow === 'CUSTOM_WITH_SRP') AuthParameters.CHALLENGE_NAME = 'SRP_A';
  const first = await initiateAuth(client, { AuthFlow: flow === 'CUSTOM_WITH_SRP' ? 'CUSTOM_AUTH' : 'USER_SRP_AUTH', AuthParameters, ...base }, SIGN_IN);
  const name = activeUsername(first);
  if (first.ChallengeName !== 'PASSWORD_VERIFIER') return { username: name, response: first };
  const response = await answerPasswordVerifier({
    client,
    config,
    srp,
    password: password!,
    challengeParameters: first.ChallengeParameters ?? {},
    session: first.Session,
    clientMetadata,
    action: SIGN_IN,
  });
  return { username: name, response };
}

export async function signInOf(ctx: AuthContext, input: SignInInput): Promise<SignInOutput> {
  await assertUserNotAuthenticated(ctx);
  const flow = input.options?.authFlowType ?? 'USER_SRP_AUTH';
  requireUserPoolConfig(ctx);
  assertValid(!!input.username, 'EmptySignInUsername', 'username is required to signIn');
  if (flow === 'CUSTOM_WITHOUT_SRP') assertValid(!input.password, 'CustomAuthSignInPassword', 'A password is not needed when signing in with CUSTOM_WITHOUT_SRP', 'Do not include a password in your signIn call.');
  else if (flow !== 'USER_AUTH') assertValid(!!input.password, 'EmptySignInPassword', 'password is required to signIn');
  if (flow === 'USER_AUTH') {
    throw new AuthError({ name: 'SignInException', message: 'authFlowType USER_AUTH is not supported by cognate yet.' });
  }
  const signInDetails: CognitoAuthSignInDetails = { loginId: input.username, authFlowType: flow };
  const resetsAutoSignIn = flow === 'USER_SRP_AUTH' || flow === 'USER_PASSWORD_AUTH';
  try {
    const { username, response } = await runFlow(ctx, input, flow);
    ctx.signInState.set({ username, challengeName: response.ChallengeName, signInSession: response.Session, signInDetails });
    if (response.AuthenticationResult) {
      const output = await completeSignIn(ctx, username, response.AuthenticationResult, signInDetails);
      if (resetsAutoSignIn) ctx.autoSignIn.reset();
      return output;
    }
    return signInResultFromChallenge({
      challengeName: response.ChallengeName ?? '',
      challengeParameters: response.ChallengeParameters ?? {},
      ...(response.AvailableChallenges ? { availableChallenges: response.AvailableChallenges } : {}),
    });
  } catch (caught) {
    ctx.signInState.reset();
    if (resetsAutoSignIn) ctx.autoSignIn.reset();
    const error = toAuthError(caught);
    const result = signInResultFromError(error.name);
    if (result) return result;
    throw error;
  }
}

export function signIn(input: SignInInput): Promise<SignInOutput> {
  return signInOf(defaultContext, input);
}
