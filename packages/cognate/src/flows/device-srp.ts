/**
 * DEVICE_SRP_AUTH: SRP with the device's key and random password (`withDeviceSrp`), loaded when
 * Cognito asks for it. The SRP steps come from the caller (`password-verifier.ts`), which loads this
 * module, so the two do not import each other.
 */
import type { ChallengeOrTokensResponse } from '../client/wire-types.js';
import { requireDeviceMetadata } from './device-metadata.js';
import type { Exchange, SrpSteps } from './srp-steps.js';

/**
 * Answers DEVICE_SRP_AUTH (this device was confirmed).
 */
export async function answerDeviceSrp(
  x: Exchange,
  username: string,
  response: ChallengeOrTokensResponse,
  { respond, startSrp, answerVerifier }: SrpSteps,
): Promise<ChallengeOrTokensResponse> {
  const { deviceKey, deviceGroupKey, randomPassword } = await requireDeviceMetadata(x.ctx, username);
  const { session: srp, srpA } = startSrp();
  const challenge = await respond(x, 'DEVICE_SRP_AUTH', { USERNAME: username, SRP_A: srpA, DEVICE_KEY: deviceKey }, response.Session);
  const p = challenge.ChallengeParameters ?? {};
  return answerVerifier(x, 'DEVICE_PASSWORD_VERIFIER', srp, { poolName: deviceGroupKey, userId: deviceKey, password: randomPassword }, p, challenge.Session, {
    USERNAME: p.USERNAME ?? username,
    DEVICE_KEY: deviceKey,
  });
}
