/**
 * Where every sign-in response ends, in `signIn` and `confirmSignIn` alike: the pending state is
 * stored (so a wrong answer can be retried), then tokens give `DONE` and a challenge its step, as
 * Amplify's `getSignInResult`. Three steps act at once:
 * - tokens: confirm a new device if Cognito created one (a fresh random device password, its SRP
 *   verifier sent with ConfirmDevice; any failure is swallowed and leaves no keys, as in Amplify),
 *   store the tokens (and device keys) under the canonical username with the clock drift measured
 *   from `iat`, forget the pending challenge, and announce `signedIn` with the user read back from
 *   storage (if it cannot be read back the sign-in did not stick: `UnexpectedSignInInterruptionException`);
 * - WEB_AUTHN: the passkey is asked for with the challenge's `CREDENTIAL_REQUEST_OPTIONS` and sent back
 *   as `CREDENTIAL` (the WebAuthn code is `passkey/`'s);
 * - MFA_SETUP with TOTP only: AssociateSoftwareToken with the sign-in session gives the secret (its
 *   session replaces the stored one).
 */
import { createDeviceSecretVerifier } from '@cognate/protocol';
import type { ChallengeOrTokensResponse, ExceptionName, NewDeviceMetadataType } from '../client/wire-types.js';
import { decodeJWT } from '../apis/decode-jwt.js';
import { currentUserOf } from '../apis/get-current-user.js';
import { SIGN_IN_EXCEPTION, toAuthError, UNEXPECTED_SIGN_IN_INTERRUPTION_EXCEPTION, authError } from '../errors/auth-error.js';
import type { SignInOutput } from '../types/auth.js';
import type { CognitoAuthSignInDetails } from '../types/session.js';
import { AuthAction } from '../client/auth-action.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { getPasskey } from '../passkey/passkey.js';
import { MFA_NAMES } from './mfa-names.js';
import type { Exchange } from './srp-steps.js';
import { totpSetupDetails } from './totp-setup.js';

/** The step each challenge the user answers leads to (MFA_SETUP and WEB_AUTHN are handled apart). */
const STEPS: Record<string, string> = {
  CUSTOM_CHALLENGE: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE',
  NEW_PASSWORD_REQUIRED: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED',
  SELECT_MFA_TYPE: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION',
  SMS_MFA: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
  SMS_OTP: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
  SOFTWARE_TOKEN_MFA: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE',
  EMAIL_OTP: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
  PASSWORD: 'CONFIRM_SIGN_IN_WITH_PASSWORD',
  PASSWORD_SRP: 'CONFIRM_SIGN_IN_WITH_PASSWORD',
  SELECT_CHALLENGE: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
};

const names = (json: string | undefined): string[] => (json ? JSON.parse(json) : []);

const mfaTypes = (json: string | undefined) => names(json).flatMap(name => MFA_NAMES[name] ?? []);

/** What a failed sign-in step gives: the errors Amplify turns into a next step, or the error (as an `AuthError`) thrown. */
export function signInResultFromError(caught: unknown): SignInOutput {
  const error = toAuthError(caught);
  if (error.name === ('PasswordResetRequiredException' satisfies ExceptionName)) return { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } };
  if (error.name === ('UserNotConfirmedException' satisfies ExceptionName)) return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } };
  throw error;
}

/** Amplify's error for a challenge it has no step or answer for. */
export const notAddressed = (name: string | undefined) =>
  authError(SIGN_IN_EXCEPTION, `An error occurred during the sign in process. ${name} challengeName returned by the underlying service was not addressed.`);

async function confirmNewDevice(x: Exchange, AccessToken: string, { DeviceKey, DeviceGroupKey }: NewDeviceMetadataType) {
  try {
    const { randomPassword, salt, passwordVerifier } = await createDeviceSecretVerifier(DeviceGroupKey!, DeviceKey!);
    await sendUserPoolRequest(x.client, 'ConfirmDevice', {
      AccessToken,
      DeviceKey: DeviceKey!,
      DeviceName: (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent || undefined,
      DeviceSecretVerifierConfig: { Salt: salt, PasswordVerifier: passwordVerifier },
    });
    return { deviceKey: DeviceKey!, deviceGroupKey: DeviceGroupKey!, randomPassword };
  } catch {
    return undefined;
  }
}

/** `signIn`'s or `confirmSignIn`'s output for what Cognito answered. */
export async function signInResult(
  x: Exchange,
  username: string,
  response: ChallengeOrTokensResponse,
  signInDetails: CognitoAuthSignInDetails | undefined,
): Promise<SignInOutput> {
  const { ctx } = x;
  const { ChallengeName: name, ChallengeParameters: p = {}, Session, AuthenticationResult: result } = response;
  ctx.signInState.set({ username, challengeName: response.ChallengeName, signInSession: Session, ...(signInDetails && { signInDetails }) });
  if (result) {
    const { AccessToken, IdToken, NewDeviceMetadata } = result;
    if (!AccessToken) throw authError('InvalidTokens', 'Invalid tokens', 'Check Cognito UserPool settings');
    const accessToken = decodeJWT(AccessToken);
    const iat = (accessToken.payload.iat ?? 0) * 1000;
    await ctx.tokens.setTokens({
      accessToken,
      idToken: IdToken ? decodeJWT(IdToken) : undefined,
      refreshToken: result.RefreshToken,
      clockDrift: iat > 0 ? iat - Date.now() : 0,
      username,
      signInDetails,
      deviceMetadata: NewDeviceMetadata && (await confirmNewDevice(x, AccessToken, NewDeviceMetadata)),
    });
    ctx.signInState.reset();
    const data = await currentUserOf(ctx).catch(cause => {
      throw authError(
        UNEXPECTED_SIGN_IN_INTERRUPTION_EXCEPTION,
        'Unable to get user session following successful sign-in.',
        'Check that the configured storage can store the tokens.',
        cause,
      );
    });
    ctx.hub.dispatch('auth', { event: 'signedIn', data }, 'Auth');
    return { isSignedIn: true, nextStep: { signInStep: 'DONE' } };
  }
  if (name === 'WEB_AUTHN') {
    // Answered at once with the platform's passkey.
    const credential = await getPasskey(p.CREDENTIAL_REQUEST_OPTIONS);
    const next = await sendUserPoolRequest(
      x.client,
      'RespondToAuthChallenge',
      {
        ChallengeName: name,
        ClientId: x.config.userPoolClientId,
        ChallengeResponses: { USERNAME: username, CREDENTIAL: JSON.stringify(credential) },
        Session,
      },
      AuthAction.ConfirmSignIn,
    );
    if (!next.AuthenticationResult && next.ChallengeName === name) {
      if (next.Session) ctx.signInState.set({ signInSession: next.Session });
      throw authError(SIGN_IN_EXCEPTION, 'Sequential WEB_AUTHN challenges returned from underlying service cannot be handled.');
    }
    return signInResult(x, username, next, signInDetails);
  }
  let signInStep = STEPS[name!];
  const nextStep: Record<string, unknown> = {};
  if (name === 'MFA_SETUP') {
    const types = mfaTypes(p.MFAS_CAN_SETUP).filter(t => t === 'EMAIL' || t === 'TOTP');
    if (types.length > 1) {
      signInStep = 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION';
      nextStep.allowedMFATypes = types;
    } else if (types[0] === 'EMAIL') signInStep = 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP';
    else if (types[0] === 'TOTP') {
      signInStep = 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP';
      const { SecretCode, Session: next } = await sendUserPoolRequest(x.client, 'AssociateSoftwareToken', { Session: Session! });
      ctx.signInState.set({ signInSession: next! });
      nextStep.totpSetupDetails = totpSetupDetails(SecretCode, username);
    } else throw authError(SIGN_IN_EXCEPTION, `Cannot initiate MFA setup from available types: ${types}`);
  }
  if (!signInStep) throw notAddressed(name);
  if (name === 'CUSTOM_CHALLENGE') nextStep.additionalInfo = p;
  if (name === 'NEW_PASSWORD_REQUIRED') nextStep.missingAttributes = names(p.requiredAttributes).map(a => a.replace('userAttributes.', ''));
  if (name === 'SELECT_MFA_TYPE') nextStep.allowedMFATypes = mfaTypes(p.MFAS_CAN_CHOOSE);
  if (/^(SMS|EMAIL)_/.test(name!)) nextStep.codeDeliveryDetails = { deliveryMedium: p.CODE_DELIVERY_DELIVERY_MEDIUM, destination: p.CODE_DELIVERY_DESTINATION };
  if (name === 'SELECT_CHALLENGE') nextStep.availableChallenges = response.AvailableChallenges;
  return { isSignedIn: false, nextStep: { signInStep, ...nextStep } as SignInOutput['nextStep'] };
}
