/**
 * USER_AUTH, Cognito's choice-based sign-in, on the client: the InitiateAuth that starts it (with
 * `PREFERRED_CHALLENGE`, the password for PASSWORD, SRP for PASSWORD_SRP, or the sign-up session
 * for auto sign-in) and the `confirmSignIn` answers to first-factor selection. As in Amplify,
 * choosing PASSWORD or PASSWORD_SRP is local (the next step asks for the password); any other
 * choice is sent as SELECT_CHALLENGE's `ANSWER`. The WEB_AUTHN challenge itself is answered in
 * `web-authn-sign-in.ts`, loaded only when Cognito asks for a passkey.
 */
import { initiateAuth } from '../client/operations/initiate-auth.js';
import type { ChallengeName, ChallengeOrTokensResponse } from '../client/wire-types.js';
import { assertValid } from '../errors/validation.js';
import type { SignInInput } from '../types/auth.js';
import { answerPasswordVerifier, respond, retryWithoutDevice, startSrp, withDeviceSrp, type Exchange } from './password-verifier.js';
import { AuthAction } from '../client/auth-action.js';

const SIGN_IN = AuthAction.SignIn;

/** The stored challenges whose answer `answerFirstFactor` sends. */

/** InitiateAuth USER_AUTH and, for PASSWORD_SRP, the password verifier; `session` is the sign-up session of auto sign-in. */
export async function startUserAuth(
  x: Exchange,
  input: SignInInput,
  session: string | undefined,
): Promise<{ username: string; response: ChallengeOrTokensResponse }> {
  const { username, password } = input;
  const { config } = x;
  const preferred = input.options?.preferredChallenge ?? config.passwordless?.preferredChallenge;
  const AuthParameters: Record<string, string> = { USERNAME: username };
  const request = {
    AuthFlow: 'USER_AUTH' as const,
    ClientId: config.userPoolClientId,
    AuthParameters,
    ...(x.clientMetadata ? { ClientMetadata: x.clientMetadata } : {}),
  };
  if (preferred) {
    const enabled = config.passwordless;
    assertValid(
      !enabled ||
        !(
          (preferred === 'EMAIL_OTP' && !enabled.emailOtpEnabled) ||
          (preferred === 'SMS_OTP' && !enabled.smsOtpEnabled) ||
          (preferred === 'WEB_AUTHN' && !enabled.webAuthn)
        ),
      'InvalidPreferredChallenge',
      'The preferred challenge is not enabled in your backend configuration',
    );
    if (preferred === 'PASSWORD' || preferred === 'PASSWORD_SRP') assertValid(!!password, 'EmptySignInPassword', 'password is required to signIn');
    AuthParameters.PREFERRED_CHALLENGE = preferred;
    if (preferred === 'PASSWORD_SRP') {
      const { session: srp, srpA } = startSrp();
      AuthParameters.SRP_A = srpA;
      const first = await initiateAuth(x.client, request, SIGN_IN);
      const name = first.ChallengeParameters?.USERNAME ?? username;
      if (first.ChallengeName !== 'PASSWORD_VERIFIER') return { username: name, response: first };
      const verified = await answerPasswordVerifier(x, srp, password!, first.ChallengeParameters ?? {}, first.Session);
      return { username: name, response: await withDeviceSrp(x, name, verified) };
    }
    if (preferred === 'PASSWORD') AuthParameters.PASSWORD = password!;
  }
  const response = await initiateAuth(x.client, { ...request, ...(session ? { Session: session } : {}) }, SIGN_IN);
  return { username, response: await withDeviceSrp(x, username, response) };
}

/** What `confirmSignIn` sends while first-factor selection (or its password) is pending. */
export async function answerFirstFactor(
  x: Exchange,
  username: string,
  challengeName: ChallengeName,
  answer: string,
  session: string,
): Promise<ChallengeOrTokensResponse> {
  if (challengeName === 'PASSWORD') {
    return withDeviceSrp(x, username, await respond(x, 'SELECT_CHALLENGE', { ANSWER: 'PASSWORD', USERNAME: username, PASSWORD: answer }, session));
  }
  if (challengeName === 'PASSWORD_SRP') {
    const { session: srp, srpA } = startSrp();
    const challenge = await respond(x, 'SELECT_CHALLENGE', { ANSWER: 'PASSWORD_SRP', USERNAME: username, SRP_A: srpA }, session);
    if (challenge.ChallengeName !== 'PASSWORD_VERIFIER') return challenge;
    const name = challenge.ChallengeParameters?.USERNAME ?? username;
    return retryWithoutDevice(x.ctx, name, async () =>
      withDeviceSrp(x, name, await answerPasswordVerifier(x, srp, answer, challenge.ChallengeParameters ?? {}, challenge.Session)),
    );
  }
  // SELECT_CHALLENGE (or a WEB_AUTHN that could not be completed): the choice of factor.
  if (answer === 'PASSWORD' || answer === 'PASSWORD_SRP') return { ChallengeName: answer, Session: session };
  return respond(x, 'SELECT_CHALLENGE', { USERNAME: username, ANSWER: answer }, session);
}
