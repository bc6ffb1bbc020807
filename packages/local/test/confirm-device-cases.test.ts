/**
 * ConfirmDevice in the cases Cognito's documentation leaves open, through the AWS SDK on loopback and
 * raw HTTP where the SDK would not send the input:
 * - without DeviceSecretVerifierConfig (optional in the API reference, as are its PasswordVerifier and
 *   Salt): accepted, but the device has no verifier, so it is not listed and cannot do DEVICE_SRP_AUTH
 *   until a later ConfirmDevice gives it one;
 * - with only one of PasswordVerifier and Salt: refused, and nothing is stored;
 * - for a device already confirmed: DeviceKeyExistsException, which the API reference and the SDK list
 *   for ConfirmDevice ("thrown when a user attempts to confirm a device with a device key that already
 *   exists"); the verifier first given is kept;
 * - for a key the user has no device of: InvalidParameterException "Invalid device key given.", as
 *   Cognito answers ConfirmDevice in public reports (boto/boto3#4059, aws-amplify/amplify-js#2087).
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeviceKeyExistsException,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, createDeviceSecretVerifier, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, sdk, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let clientId: string;
const PASSWORD = 'Passw0rd!';

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  const poolId = (
    await client.send(
      new CreateUserPoolCommand({
        PoolName: 'confirm-device-cases',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      }),
    )
  ).UserPool!.Id!;
  clientId = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })))
    .UserPoolClient!.ClientId!;
  for (const username of ['ann', 'ben', 'cat', 'dan']) {
    await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
});
afterAll(() => server?.close());

async function signIn(username: string, deviceKey?: string) {
  return client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    }),
  );
}

/** 'ok' when the call answers, else the error's `name (status): message`. */
async function outcome(send: () => Promise<unknown>): Promise<string> {
  try {
    await send();
    return 'ok';
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return `${e.name} (${e.$metadata?.httpStatusCode}): ${e.message}`;
  }
}

/** Signs in from the device with its random password: DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER. */
async function deviceSignIn(username: string, result: AuthenticationResultType, randomPassword: string) {
  const meta = result.NewDeviceMetadata!;
  const started = await signIn(username, meta.DeviceKey);
  expect(started.ChallengeName).toBe('DEVICE_SRP_AUTH');
  const srp = startSrpSession();
  const challenge = await client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: started.Session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: meta.DeviceKey!, SRP_A: srpAToHex(srp.A) },
    }),
  );
  const p = challenge.ChallengeParameters!;
  const timestamp = formatSrpTimestamp();
  const signature = await computePasswordClaimSignature({
    poolName: meta.DeviceGroupKey!,
    userId: meta.DeviceKey!,
    password: randomPassword,
    session: srp,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    timestamp,
  });
  return client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: challenge.Session,
      ChallengeResponses: {
        USERNAME: username,
        DEVICE_KEY: meta.DeviceKey!,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: signature,
      },
    }),
  );
}

const listed = async (accessToken: string) => (await client.send(new ListDevicesCommand({ AccessToken: accessToken }))).Devices?.map(d => d.DeviceKey);

it('without DeviceSecretVerifierConfig: accepted, not listed and no DEVICE_SRP_AUTH until a later ConfirmDevice gives a verifier', async () => {
  const first = (await signIn('ann')).AuthenticationResult!;
  const meta = first.NewDeviceMetadata!;
  const answer = await client.send(new ConfirmDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: meta.DeviceKey, DeviceName: 'phone' }));
  expect(answer.UserConfirmationNecessary).toBe(false);
  expect(await listed(first.AccessToken!)).toEqual([]);
  // The device key alone signs in with the password (no device challenge: there is no verifier to prove).
  expect((await signIn('ann', meta.DeviceKey)).AuthenticationResult?.AccessToken).toMatch(/^eyJ/);

  const good = await createDeviceSecretVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
  await client.send(
    new ConfirmDeviceCommand({
      AccessToken: first.AccessToken!,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: { PasswordVerifier: good.passwordVerifier, Salt: good.salt },
    }),
  );
  expect(await listed(first.AccessToken!)).toEqual([meta.DeviceKey]);
  expect((await deviceSignIn('ann', first, good.randomPassword)).AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
});

it('with only one of PasswordVerifier and Salt (or an empty config): refused with InvalidParameterException, and nothing is stored', async () => {
  const first = (await signIn('ben')).AuthenticationResult!;
  const meta = first.NewDeviceMetadata!;
  const good = await createDeviceSecretVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
  const confirm = (config: { PasswordVerifier?: string; Salt?: string }) =>
    outcome(() => client.send(new ConfirmDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: meta.DeviceKey, DeviceSecretVerifierConfig: config })));
  const refused = 'InvalidParameterException (400): DeviceSecretVerifierConfig needs both PasswordVerifier and Salt.';
  expect(await confirm({ PasswordVerifier: good.passwordVerifier })).toBe(refused);
  expect(await confirm({ Salt: good.salt })).toBe(refused);
  expect(await confirm({})).toBe(refused);
  expect(await listed(first.AccessToken!)).toEqual([]);
  // Raw HTTP: members that are null, or a config that is no structure, are refused too, never a 500.
  for (const config of [{ PasswordVerifier: null, Salt: good.salt }, { PasswordVerifier: good.passwordVerifier, Salt: 5 }, 'config', ['x']]) {
    const r = await call(server.url, 'ConfirmDevice', { AccessToken: first.AccessToken, DeviceKey: meta.DeviceKey, DeviceSecretVerifierConfig: config });
    expect(r.status, JSON.stringify(config)).toBe(400);
    expect(r.body.__type, JSON.stringify(config)).toBe('InvalidParameterException');
  }
  expect(await listed(first.AccessToken!)).toEqual([]);
  expect(await confirm({ PasswordVerifier: good.passwordVerifier, Salt: good.salt })).toBe('ok');
  expect((await deviceSignIn('ben', first, good.randomPassword)).AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
});

it('a device already confirmed: DeviceKeyExistsException, with or without a new verifier, and the first verifier is kept', async () => {
  const first = (await signIn('cat')).AuthenticationResult!;
  const meta = first.NewDeviceMetadata!;
  const good = await createDeviceSecretVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
  const other = await createDeviceSecretVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
  const confirm = (config?: { PasswordVerifier: string; Salt: string }) =>
    client.send(
      new ConfirmDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: meta.DeviceKey, ...(config ? { DeviceSecretVerifierConfig: config } : {}) }),
    );
  await confirm({ PasswordVerifier: good.passwordVerifier, Salt: good.salt });
  const again = await confirm({ PasswordVerifier: other.passwordVerifier, Salt: other.salt }).catch((e: unknown) => e);
  expect(again).toBeInstanceOf(DeviceKeyExistsException);
  expect(again).toMatchObject({ name: 'DeviceKeyExistsException', message: 'Device has already been confirmed.', $metadata: { httpStatusCode: 400 } });
  expect(await outcome(() => confirm())).toBe('DeviceKeyExistsException (400): Device has already been confirmed.');
  // With a fresh access token of the same user, too.
  const later = (await deviceSignIn('cat', first, good.randomPassword)).AuthenticationResult!;
  expect(await outcome(() => client.send(new ConfirmDeviceCommand({ AccessToken: later.AccessToken!, DeviceKey: meta.DeviceKey })))).toBe(
    'DeviceKeyExistsException (400): Device has already been confirmed.',
  );
  expect((await deviceSignIn('cat', first, good.randomPassword)).AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
  await expect(deviceSignIn('cat', first, other.randomPassword)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
});

it("a device key the user has no device of (another user's, or never issued): InvalidParameterException 'Invalid device key given.'", async () => {
  const own = (await signIn('dan')).AuthenticationResult!;
  const other = (await signIn('ann')).AuthenticationResult!.NewDeviceMetadata!;
  const good = await createDeviceSecretVerifier(other.DeviceGroupKey!, other.DeviceKey!);
  const confirm = (DeviceKey: string) =>
    outcome(() =>
      client.send(
        new ConfirmDeviceCommand({
          AccessToken: own.AccessToken!,
          DeviceKey,
          DeviceSecretVerifierConfig: { PasswordVerifier: good.passwordVerifier, Salt: good.salt },
        }),
      ),
    );
  const invalid = 'InvalidParameterException (400): Invalid device key given.';
  expect(await confirm(other.DeviceKey!)).toBe(invalid);
  expect(await confirm('us-east-1_00000000-0000-0000-0000-000000000000')).toBe(invalid);
  // Nothing was stored for either key; the user's own device is still there to confirm.
  expect(await listed(own.AccessToken!)).toEqual([]);
  const mine = await createDeviceSecretVerifier(own.NewDeviceMetadata!.DeviceGroupKey!, own.NewDeviceMetadata!.DeviceKey!);
  await client.send(
    new ConfirmDeviceCommand({
      AccessToken: own.AccessToken!,
      DeviceKey: own.NewDeviceMetadata!.DeviceKey,
      DeviceSecretVerifierConfig: { PasswordVerifier: mine.passwordVerifier, Salt: mine.salt },
    }),
  );
  expect(await listed(own.AccessToken!)).toEqual([own.NewDeviceMetadata!.DeviceKey]);
});
