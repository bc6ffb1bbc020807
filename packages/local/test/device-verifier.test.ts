/**
 * ConfirmDevice against a hostile client, through the AWS SDK on loopback: a DeviceSecretVerifierConfig
 * whose PasswordVerifier is not a usable SRP verifier (0, 1, N - 1, N or more, not base64) or whose Salt
 * is empty or not base64 is refused with InvalidParameterException and stores nothing, so the device
 * can still be confirmed with a good verifier and then prove itself with DEVICE_SRP_AUTH.
 */
import {
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createDeviceSecretVerifier, SRP_N, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { PASSWORD, passwordClaim, refusal, startDeviceSrp, startPool } from './srp-pool.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let clientId: string;

beforeAll(async () => {
  ({ server, client, clientId } = await startPool({ name: 'device-verifier', users: ['dee', 'eve'], flows: ['ALLOW_USER_PASSWORD_AUTH'], devices: true }));
});
afterAll(() => server?.close());

async function signIn(username: string) {
  return client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
}

/** 'ok' when the call answers, else the error's `name (status): message`. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    return refusal(error);
  }
}

const b64 = (n: bigint) => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64');
};

/** Signs in from the confirmed device with its random password: DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER. */
async function deviceSignIn(username: string, result: AuthenticationResultType, randomPassword: string) {
  const meta = result.NewDeviceMetadata!;
  const srp = startSrpSession();
  const challenge = await (await startDeviceSrp(client, clientId, username, meta.DeviceKey!))(srpAToHex(srp.A));
  expect(challenge.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
  const p = challenge.ChallengeParameters!;
  const claim = await passwordClaim({ poolName: meta.DeviceGroupKey!, userId: meta.DeviceKey!, password: randomPassword, session: srp, p });
  return client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: meta.DeviceKey!, ...claim },
    }),
  );
}

it('refuses a PasswordVerifier outside 1 < v < N - 1 or not base64, and a Salt empty or not base64, storing nothing', async () => {
  const first = (await signIn('dee')).AuthenticationResult!;
  const meta = first.NewDeviceMetadata!;
  const good = await createDeviceSecretVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
  const confirm = (PasswordVerifier: string, Salt: string) =>
    outcome(() =>
      client.send(
        new ConfirmDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: meta.DeviceKey, DeviceSecretVerifierConfig: { PasswordVerifier, Salt } }),
      ),
    );
  const badVerifier = 'InvalidParameterException (400): Invalid PasswordVerifier: not a valid SRP verifier (it must be base64 of a number 1 < v < N - 1).';
  const verifiers = [
    b64(0n),
    Buffer.alloc(384).toString('base64'), // 0 spelled with 384 zero bytes
    b64(1n),
    b64(SRP_N - 1n),
    b64(SRP_N),
    Buffer.concat([Buffer.alloc(1), Buffer.from(b64(SRP_N), 'base64')]).toString('base64'), // N with a leading zero byte
    b64(SRP_N + 1n),
    b64(2n * SRP_N),
    b64(SRP_N + BigInt(`0x${Buffer.from(good.passwordVerifier, 'base64').toString('hex')}`)), // a good verifier + N: the same number mod N
    b64(1n << 4000n), // too long
  ];
  for (const v of verifiers) expect(await confirm(v, good.salt), v.slice(0, 20)).toBe(badVerifier);
  const notBase64 = (name: string) => `InvalidParameterException (400): Invalid ${name}: not base64.`;
  for (const v of ['!!!!', 'ab$d', 'a', 'QUJD\nRA==', 'QUJDRA=x', 'QUJDRA===']) expect(await confirm(v, good.salt), v).toBe(notBase64('PasswordVerifier'));
  for (const s of ['!!!!', 'a', 'Zm9v YmFy']) expect(await confirm(good.passwordVerifier, s), s).toBe(notBase64('Salt'));
  const badSalt = 'InvalidParameterException (400): Invalid Salt: it must be base64 of 1 to 1024 bytes.';
  expect(await confirm('', good.salt)).toBe(badVerifier);
  expect(await confirm(good.passwordVerifier, '')).toBe(badSalt);
  expect(await confirm(good.passwordVerifier, Buffer.alloc(1025, 7).toString('base64'))).toBe(badSalt);
  expect(await confirm('A'.repeat(131_076), good.salt)).toMatch(/^InvalidParameterException \(400\): 1 validation error detected: .*passwordVerifier/);
  // Nothing was stored: the device is still unconfirmed, so it is not listed and cannot start DEVICE_SRP_AUTH.
  expect((await client.send(new ListDevicesCommand({ AccessToken: first.AccessToken! }))).Devices).toEqual([]);

  expect(await confirm(good.passwordVerifier, good.salt)).toBe('ok');
  expect((await client.send(new ListDevicesCommand({ AccessToken: first.AccessToken! }))).Devices?.map(d => d.DeviceKey)).toEqual([meta.DeviceKey]);
  const signedIn = await deviceSignIn('dee', first, good.randomPassword);
  expect(signedIn.AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
  // The same device confirmed twice is refused, and the stored verifier is kept.
  expect(await confirm(good.passwordVerifier, good.salt)).toBe('DeviceKeyExistsException (400): Device has already been confirmed.');
  expect((await deviceSignIn('dee', first, good.randomPassword)).AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
});

it('accepts a verifier and salt as Amplify spells them (padded hex, so leading zero bytes) and unpadded or URL-safe base64', async () => {
  const first = (await signIn('eve')).AuthenticationResult!;
  const meta = first.NewDeviceMetadata!;
  const good = await createDeviceSecretVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
  const v = Buffer.from(good.passwordVerifier, 'base64');
  const withZero = Buffer.concat([Buffer.alloc(3), v]).toString('base64url'); // unpadded, URL-safe, leading zero bytes
  await client.send(
    new ConfirmDeviceCommand({
      AccessToken: first.AccessToken!,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: { PasswordVerifier: withZero, Salt: good.salt.replace(/=+$/, '') },
    }),
  );
  expect((await deviceSignIn('eve', first, good.randomPassword)).AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
});

it("refuses another user's device key, a key never issued, a malformed key and a DeviceName out of 1..1024, leaving the device as it was", async () => {
  const own = (await signIn('eve')).AuthenticationResult!;
  const other = (await signIn('dee')).AuthenticationResult!.NewDeviceMetadata!;
  const good = await createDeviceSecretVerifier(other.DeviceGroupKey!, other.DeviceKey!);
  const config = { PasswordVerifier: good.passwordVerifier, Salt: good.salt };
  const confirm = (DeviceKey: string, DeviceName?: string) =>
    outcome(() => client.send(new ConfirmDeviceCommand({ AccessToken: own.AccessToken!, DeviceKey, DeviceName, DeviceSecretVerifierConfig: config })));
  const missing = 'InvalidParameterException (400): Invalid device key given.'; // Cognito's answer to ConfirmDevice for such a key
  expect(await confirm(other.DeviceKey!)).toBe(missing);
  expect(await confirm('us-east-1_00000000-0000-0000-0000-000000000000')).toBe(missing);
  expect(await confirm('no-underscore')).toMatch(/^InvalidParameterException \(400\): 1 validation error detected: .*deviceKey.*pattern/);
  expect(await confirm(`us-east-1_${'a'.repeat(50)}`)).toMatch(
    /^InvalidParameterException \(400\): 1 validation error detected: .*deviceKey.*less than or equal to 55/,
  );
  const mine = own.NewDeviceMetadata!.DeviceKey!;
  expect(await confirm(mine, '')).toMatch(/^InvalidParameterException \(400\): 1 validation error detected: .*deviceName.*greater than or equal to 1/);
  expect(await confirm(mine, 'x'.repeat(1025))).toMatch(
    /^InvalidParameterException \(400\): 1 validation error detected: .*deviceName.*less than or equal to 1024/,
  );
  // Neither device was confirmed by the refused calls.
  expect((await client.send(new ListDevicesCommand({ AccessToken: own.AccessToken! }))).Devices?.map(d => d.DeviceKey)).not.toContain(mine);
});
