/**
 * What a client sends to ConfirmDevice: a fresh device password and its verifier, as Amplify's
 * `AuthenticationHelper.generateHashDevice` makes them.
 */
import { bytesToBase64, hexToBytes } from '../encoding.js';
import { padHex } from './pad-hex.js';
import { randomBigInt } from './random.js';
import { computeSrpVerifier } from './server.js';

/**
 * Makes a device secret: `randomPassword` (base64 of 40 random bytes, to be stored on the device),
 * and `salt` = base64(bytes(padHex(16 random bytes))) and `passwordVerifier` =
 * base64(bytes(padHex(g^x mod N))) with x = H(padHex(salt) ‖ H(deviceGroupKey ‖ deviceKey ‖ ':' ‖
 * randomPassword)), for `ConfirmDevice.DeviceSecretVerifierConfig`.
 */
export async function createDeviceSecretVerifier(
  deviceGroupKey: string,
  deviceKey: string,
): Promise<{ randomPassword: string; salt: string; passwordVerifier: string }> {
  const randomPassword = bytesToBase64(crypto.getRandomValues(new Uint8Array(40)));
  const salt = padHex(randomBigInt(16));
  const verifier = await computeSrpVerifier({ poolName: deviceGroupKey, userId: deviceKey, password: randomPassword, salt });
  return { randomPassword, salt: bytesToBase64(hexToBytes(salt)), passwordVerifier: bytesToBase64(hexToBytes(verifier)) };
}
