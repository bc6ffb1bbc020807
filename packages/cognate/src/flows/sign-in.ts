/**
 * signIn: starts a sign-in with the chosen `authFlowType` and returns either `DONE` (tokens stored,
 * `signedIn` sent) or the next step to answer with `confirmSignIn`.
 *
 * - `USER_SRP_AUTH` (default): InitiateAuth with `SRP_A`, then PASSWORD_VERIFIER; the password never
 *   leaves the device.
 * - `USER_PASSWORD_AUTH`: InitiateAuth with the password (the app client must allow it).
 * - `CUSTOM_WITH_SRP`: CUSTOM_AUTH with `CHALLENGE_NAME: 'SRP_A'`, the verifier, then the custom challenge.
 * - `CUSTOM_WITHOUT_SRP`: CUSTOM_AUTH straight to the custom challenge; passing a password is an error.
 * - `USER_AUTH`: Cognito's choice-based sign-in: `preferredChallenge` (or the configured
 *   `passwordless.preferredChallenge`) picks PASSWORD (the password goes along), PASSWORD_SRP (SRP as
 *   above), EMAIL_OTP, SMS_OTP or WEB_AUTHN; without one Cognito offers `availableChallenges`
 *   (CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION, answered in `confirm-sign-in.ts`). Auto sign-in
 *   passes the sign-up session along.
 *
 * A confirmed device's key goes with the first factor, and Cognito's DEVICE_SRP_AUTH is answered
 * transparently; if Cognito no longer knows the device, its keys are dropped and the flow runs once
 * more without them. `UserNotConfirmedException` and `PasswordResetRequiredException` come back as the
 * `CONFIRM_SIGN_UP` and `RESET_PASSWORD` steps; with a user already signed in it throws
 * `UserAlreadyAuthenticatedException`.
 */
import type { ChallengeOrTokensResponse } from '../client/wire-types.js';
import type { AuthContext } from '../context/auth-context.js';
import { assertValid } from '../errors/validation.js';
import { answerPasswordVerifier, exchange, retryWithoutDevice, startSrp, withDeviceSrp, type Exchange } from './password-verifier.js';
import { signInResult, signInResultFromError } from './sign-in-result.js';
import type { SignInInput, SignInOutput } from '../types/auth.js';
import type { AuthFlowType, CognitoAuthSignInDetails } from '../types/session.js';
import { assertUserNotAuthenticated } from '../apis/get-current-user.js';
import { AuthAction } from '../client/auth-action.js';
import { sendUserPoolRequest } from '../client/transport.js';

/** Runs the flow's requests up to the first answer the user must give (or tokens). */
async function runFlow(
  x: Exchange,
  { username, password, options }: SignInInput,
  flow: AuthFlowType,
  signUpSession: string | undefined,
): Promise<{ username: string; response: ChallengeOrTokensResponse }> {
  const AuthParameters: Record<string, string> = { USERNAME: username };
  const custom = flow === 'CUSTOM_WITH_SRP' || flow === 'CUSTOM_WITHOUT_SRP';
  // As in Amplify, a flow it does not know is USER_SRP_AUTH.
  let srp = flow !== 'USER_AUTH' && flow !== 'USER_PASSWORD_AUTH' && flow !== 'CUSTOM_WITHOUT_SRP';
  const AuthFlow = custom ? 'CUSTOM_AUTH' : srp ? 'USER_SRP_AUTH' : flow;
  let Session: string | undefined;
  if (flow === 'USER_AUTH') {
    const enabled = x.config.passwordless;
    const preferred = options?.preferredChallenge ?? enabled?.preferredChallenge;
    Session = signUpSession;
    if (preferred) {
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
      AuthParameters.PREFERRED_CHALLENGE = preferred;
      if (preferred === 'PASSWORD' || preferred === 'PASSWORD_SRP') {
        assertValid(!!password, 'EmptySignInPassword', 'password is required to signIn');
        // The sign-up session goes only with a one-request first factor.
        srp = preferred === 'PASSWORD_SRP';
        if (srp) Session = undefined;
        else AuthParameters.PASSWORD = password;
      }
    }
  } else if (!srp) {
    if (flow === 'USER_PASSWORD_AUTH') AuthParameters.PASSWORD = password!;
    const key = (await x.ctx.tokens.store.getDeviceMetadata(username))?.deviceKey;
    if (key) AuthParameters.DEVICE_KEY = key;
  }
  const started = srp ? startSrp() : undefined;
  if (started) AuthParameters.SRP_A = started.srpA;
  if (flow === 'CUSTOM_WITH_SRP') AuthParameters.CHALLENGE_NAME = 'SRP_A';
  let response = await sendUserPoolRequest(
    x.client,
    'InitiateAuth',
    { AuthFlow, ClientId: x.config.userPoolClientId, AuthParameters, ClientMetadata: x.clientMetadata, Session },
    AuthAction.SignIn,
  );
  const p = response.ChallengeParameters;
  // USER_AUTH keeps the name it was given unless SRP says otherwise; the other flows take Cognito's.
  const name = flow === 'USER_AUTH' ? (started && p?.USERNAME) || username : (p?.USERNAME ?? p?.USER_ID_FOR_SRP ?? username);
  if (started && response.ChallengeName === 'PASSWORD_VERIFIER') response = await answerPasswordVerifier(x, started.session, password!, response);
  return { username: name, response: await withDeviceSrp(x, name, response) };
}

/** `signUpSession`: the (confirmed) sign-up session auto sign-in passes to a USER_AUTH sign-in. */
export async function signInOf(ctx: AuthContext, input: SignInInput, signUpSession?: string): Promise<SignInOutput> {
  // The input is read before the session is checked, as in Amplify (signIn() is a TypeError, signed in or not).
  const flow = input.options?.authFlowType ?? 'USER_SRP_AUTH';
  await assertUserNotAuthenticated(ctx);
  const x = exchange(ctx, input.options?.clientMetadata, AuthAction.SignIn);
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
  try {
    const { username, response } = await retryWithoutDevice(ctx, input.username, () => runFlow(x, input, flow, signUpSession));
    const output = await signInResult(x, username, response, signInDetails);
    if (output.isSignedIn && resetsAutoSignIn) ctx.autoSignIn.reset();
    return output;
  } catch (caught) {
    ctx.signInState.reset();
    if (resetsAutoSignIn) ctx.autoSignIn.reset();
    return signInResultFromError(caught);
  }
}

// confirmSignIn loads with signIn: one lazy chunk for the sign-in steps (each chunk costs a bundler's all-chunks figure).
export { confirmSignInOf } from './confirm-sign-in.js';
// associateWebAuthnCredential's WebAuthn code comes from this chunk too (the sign-in steps hold it already).
export { passkeyError, registerPasskey } from '../passkey/passkey.js';
