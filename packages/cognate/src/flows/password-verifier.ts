/**
 * SRP on the client side of Cognito's sign-ins: the `SRP_A` to start with, the PASSWORD_VERIFIER
 * answer (USER_SRP_AUTH, CUSTOM_WITH_SRP), and the remembered-device proof (DEVICE_SRP_AUTH then
 * DEVICE_PASSWORD_VERIFIER), which is the same maths with the device group key as pool name, the
 * device key as user and the device's random password. The maths lives in `@cognate/protocol`;
 * this file only moves Cognito's challenge parameters in and out.
 */
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { respondToAuthChallenge } from '../client/operations/respond-to-auth-challenge.js';
import type { ChallengeName, ChallengeOrTokensResponse, ExceptionName } from '../client/wire-types.js';
import type { AuthContext } from '../context/auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { Exchange, SrpSession } from './srp-steps.js';
import { requireDeviceMetadata } from './device-metadata.js';

export type { Exchange, SrpSession };

/** A fresh ephemeral key pair and the `SRP_A` hex that goes in `AuthParameters`. */
export function startSrp(): { session: SrpSession; srpA: string } {
  const session = startSrpSession();
  return { session, srpA: srpAToHex(session.A) };
}

/** RespondToAuthChallenge with the client id and client metadata filled in. */
export function respond(x: Exchange, ChallengeName: ChallengeName, ChallengeResponses: Record<string, string>, Session: string | undefined) {
  return respondToAuthChallenge(
    x.client,
    {
      ChallengeName,
      ClientId: x.config.userPoolClientId,
      ChallengeResponses,
      ...(Session ? { Session } : {}),
      ...(x.clientMetadata ? { ClientMetadata: x.clientMetadata } : {}),
    },
    x.action,
  );
}

export async function answerVerifier(
  x: Exchange,
  challengeName: ChallengeName,
  srp: SrpSession,
  { poolName, userId, password }: { poolName: string; userId: string; password: string },
  p: Record<string, string>,
  session: string | undefined,
  responses: Record<string, string>,
): Promise<ChallengeOrTokensResponse> {
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
  return respond(
    x,
    challengeName,
    { ...responses, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature },
    session,
  );
}

/** Answers PASSWORD_VERIFIER with the password claim signature (and this device's key, if any). */
export async function answerPasswordVerifier(
  x: Exchange,
  srp: SrpSession,
  password: string,
  p: Record<string, string>,
  session: string | undefined,
): Promise<ChallengeOrTokensResponse> {
  const userId = p.USER_ID_FOR_SRP;
  if (!userId) throw new AuthError({ name: 'EmptyUserIdForSRPException', message: 'USER_ID_FOR_SRP was not found in challenge parameters.' });
  const deviceKey = (await x.ctx.tokens.store.getDeviceMetadata(userId))?.deviceKey;
  const poolName = x.config.userPoolId.split('_')[1]!;
  return answerVerifier(x, 'PASSWORD_VERIFIER', srp, { poolName, userId, password }, p, session, {
    USERNAME: userId,
    ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
  });
}

/**
 * Answers DEVICE_SRP_AUTH when Cognito asks for it (this device was confirmed), transparently;
 * any other response is returned as it is. The device proof is the password verifier's maths with
 * other inputs, so it lives here: as a lazy chunk of its own it cost more bytes (an `import()`
 * and a chunk) than the few lines it holds, and made an import cycle with this module.
 */
export async function withDeviceSrp(x: Exchange, username: string, response: ChallengeOrTokensResponse): Promise<ChallengeOrTokensResponse> {
  if (response.ChallengeName !== 'DEVICE_SRP_AUTH') return response;
  const { deviceKey, deviceGroupKey, randomPassword } = await requireDeviceMetadata(x.ctx, username);
  const { session: srp, srpA } = startSrp();
  const challenge = await respond(x, 'DEVICE_SRP_AUTH', { USERNAME: username, SRP_A: srpA, DEVICE_KEY: deviceKey }, response.Session);
  const p = challenge.ChallengeParameters ?? {};
  return answerVerifier(x, 'DEVICE_PASSWORD_VERIFIER', srp, { poolName: deviceGroupKey, userId: deviceKey, password: randomPassword }, p, challenge.Session, {
    USERNAME: p.USERNAME ?? username,
    DEVICE_KEY: deviceKey,
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
