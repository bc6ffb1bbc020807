/**
 * SRP on the client side of Cognito's sign-ins: the `SRP_A` to start with, the PASSWORD_VERIFIER
 * answer (USER_SRP_AUTH, CUSTOM_WITH_SRP, PASSWORD_SRP), and the remembered-device proof
 * (DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER), which is the same maths with the device group key
 * as pool name, the device key as user and the device's random password. The maths lives in
 * `@cognate/protocol`; this file only moves Cognito's challenge parameters in and out.
 *
 * Optional request fields are left `undefined` rather than spread in: the JSON sent leaves them out.
 */
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import type { ChallengeName, ChallengeOrTokensResponse, ExceptionName } from '../client/wire-types.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { AuthError, authError } from '../errors/auth-error.js';
import type { ClientMetadata } from '../types/session.js';
import type { AuthAction } from '../client/auth-action.js';
import type { Exchange, SrpSession } from './srp-steps.js';
import { requireDeviceMetadata } from './device-metadata.js';
import { sendUserPoolRequest } from '../client/transport.js';

export type { Exchange, SrpSession };

/** What one `signIn` or `confirmSignIn` call's requests share (the user pool must be configured). */
export function exchange(ctx: AuthContext, clientMetadata: ClientMetadata | undefined, action: AuthAction): Exchange {
  const config = requireUserPoolConfig(ctx);
  return { ctx, client: userPoolClient(ctx, config), config, clientMetadata, action };
}

/** A fresh ephemeral key pair and the `SRP_A` hex that goes in `AuthParameters`. */
export function startSrp(): { session: SrpSession; srpA: string } {
  const session = startSrpSession();
  return { session, srpA: srpAToHex(session.A) };
}

/**
 * RespondToAuthChallenge with the client id and client metadata filled in, named with the call's
 * AuthAction unless `named` is false (the SRP answers name none, as in aws-amplify).
 */
export function respond(x: Exchange, ChallengeName: ChallengeName, ChallengeResponses: Record<string, string>, Session: string | undefined, named = true) {
  return sendUserPoolRequest(
    x.client,
    'RespondToAuthChallenge',
    { ChallengeName, ClientId: x.config.userPoolClientId, ChallengeResponses, Session, ClientMetadata: x.clientMetadata },
    named ? x.action : undefined,
  );
}

/** Answers a verifier challenge with the password claim signature over its `SRP_B`, `SALT` and `SECRET_BLOCK`. */
async function answerVerifier(
  x: Exchange,
  challengeName: ChallengeName,
  srp: SrpSession,
  poolName: string,
  userId: string,
  password: string,
  challenge: ChallengeOrTokensResponse,
  responses: Record<string, string>,
): Promise<ChallengeOrTokensResponse> {
  const p = challenge.ChallengeParameters ?? {};
  const timestamp = formatSrpTimestamp();
  const signature = await computePasswordClaimSignature({
    poolName,
    userId,
    password,
    session: srp,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    timestamp,
  });
  responses.PASSWORD_CLAIM_SECRET_BLOCK = p.SECRET_BLOCK!;
  responses.TIMESTAMP = timestamp;
  responses.PASSWORD_CLAIM_SIGNATURE = signature;
  // aws-amplify 6 sends its verifier answers (handlePasswordVerifierChallenge, handleDeviceSRPAuth) with no AuthAction.
  return respond(x, challengeName, responses, challenge.Session, false);
}

/** Answers PASSWORD_VERIFIER with the password claim signature (and this device's key, if any). */
export async function answerPasswordVerifier(
  x: Exchange,
  srp: SrpSession,
  password: string,
  challenge: ChallengeOrTokensResponse,
): Promise<ChallengeOrTokensResponse> {
  const userId = challenge.ChallengeParameters?.USER_ID_FOR_SRP;
  if (!userId) throw authError('EmptyUserIdForSRPException', 'USER_ID_FOR_SRP was not found in challengeParameters');
  const DEVICE_KEY = (await x.ctx.tokens.store.getDeviceMetadata(userId))?.deviceKey as string;
  return answerVerifier(x, 'PASSWORD_VERIFIER', srp, x.config.userPoolId.split('_')[1]!, userId, password, challenge, { USERNAME: userId, DEVICE_KEY });
}

/**
 * Answers DEVICE_SRP_AUTH when Cognito asks for it (this device was confirmed), transparently;
 * any other response is returned as it is. The device proof is the password verifier's maths with
 * other inputs, so it lives here.
 */
export async function withDeviceSrp(x: Exchange, username: string, response: ChallengeOrTokensResponse): Promise<ChallengeOrTokensResponse> {
  if (response.ChallengeName !== 'DEVICE_SRP_AUTH') return response;
  const { deviceKey: DEVICE_KEY, deviceGroupKey, randomPassword } = await requireDeviceMetadata(x.ctx, username);
  const { session: srp, srpA } = startSrp();
  const challenge = await respond(x, 'DEVICE_SRP_AUTH', { USERNAME: username, SRP_A: srpA, DEVICE_KEY }, response.Session, false);
  return answerVerifier(x, 'DEVICE_PASSWORD_VERIFIER', srp, deviceGroupKey, DEVICE_KEY, randomPassword, challenge, {
    USERNAME: challenge.ChallengeParameters?.USERNAME ?? username,
    DEVICE_KEY,
  });
}

/**
 * Runs a sign-in step; when Cognito answers "Device does not exist." (this device was forgotten on
 * the server), forgets the stored device keys and runs it once more without them, as Amplify does.
 */
export async function retryWithoutDevice<T>(ctx: AuthContext, username: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (
      !(error instanceof AuthError && error.name === ('ResourceNotFoundException' satisfies ExceptionName) && error.message.includes('Device does not exist.'))
    )
      throw error;
    await ctx.tokens.store.clearDeviceMetadata(username);
    return run();
  }
}
