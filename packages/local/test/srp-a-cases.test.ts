/**
 * What cognate-local answers for an SRP_A that is no group element, on every path that takes one
 * (USER_SRP_AUTH through InitiateAuth and AdminInitiateAuth, CUSTOM_AUTH with CHALLENGE_NAME=SRP_A,
 * USER_AUTH with PASSWORD_SRP), through the AWS SDK and through raw HTTP where the SDK would not send
 * the input. Cognito answers an altered SRP_A with InvalidParameterException
 * (amazon-archives/amazon-cognito-identity-js#356) and a missing one with "Missing required parameter
 * SRP_A" (aws/aws-sdk-cpp#452); its wording for a malformed one is not published, so ours is kept.
 */
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SRP_N, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, sdk, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
const PASSWORD = 'Passw0rd!';
const INVALID = 'InvalidParameterException (400): Invalid SRP_A value.';
const MISSING = 'InvalidParameterException (400): Missing required parameter SRP_A';

const N = SRP_N.toString(16);
/** SRP_A values that are 0 mod N (the server's S would not depend on the password), in several spellings. */
const ZERO_MOD_N = ['0', '00', '0'.repeat(768), N, N.toUpperCase(), `0000${N}`, (2n * SRP_N).toString(16), (7n * SRP_N).toString(16)];
/** Not hexadecimal at all. */
const NOT_HEX = ['zz', '0x1234', '12 34', ' 1234', '1234\n', '-1234', '+1234', '１２３４', 'g'.repeat(768), `${N.slice(0, -1)}g`];

async function outcome(send: () => Promise<{ ChallengeName?: string }>): Promise<string> {
  try {
    const r = await send();
    return r.ChallengeName ? `challenge ${r.ChallengeName}` : 'no challenge';
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return `${e.name} (${e.$metadata?.httpStatusCode}): ${e.message}`;
  }
}

/** Each way of sending SRP_A (`undefined`: not sent). */
const paths: Record<string, (srpA: string | undefined) => Promise<string>> = {
  'InitiateAuth USER_SRP_AUTH': srpA =>
    outcome(() =>
      client.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME: 'ada', ...(srpA === undefined ? {} : { SRP_A: srpA }) },
        }),
      ),
    ),
  'AdminInitiateAuth USER_SRP_AUTH': srpA =>
    outcome(() =>
      client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME: 'ada', ...(srpA === undefined ? {} : { SRP_A: srpA }) },
        }),
      ),
    ),
  'USER_AUTH PASSWORD_SRP': srpA =>
    outcome(() =>
      client.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_AUTH',
          AuthParameters: { USERNAME: 'ada', PREFERRED_CHALLENGE: 'PASSWORD_SRP', ...(srpA === undefined ? {} : { SRP_A: srpA }) },
        }),
      ),
    ),
};

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'srp-a-cases' }))).UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'c',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
  ).UserPoolClient!.ClientId!;
  await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ada', MessageAction: 'SUPPRESS' }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ada', Password: PASSWORD, Permanent: true }));
});
afterAll(() => server?.close());

it('an SRP_A that is 0 mod N, in any spelling, is refused with InvalidParameterException on every path', async () => {
  for (const [name, send] of Object.entries(paths)) {
    for (const srpA of ZERO_MOD_N) expect(await send(srpA), `${name} ${srpA.slice(0, 12)}`).toBe(INVALID);
  }
});

it('a non-hex SRP_A is refused with InvalidParameterException on every path', async () => {
  for (const [name, send] of Object.entries(paths)) {
    for (const srpA of NOT_HEX) expect(await send(srpA), `${name} ${JSON.stringify(srpA.slice(0, 12))}`).toBe(INVALID);
  }
});

it('an empty or absent SRP_A is a missing parameter, and a good one still gets the PASSWORD_VERIFIER challenge', async () => {
  for (const [name, send] of Object.entries(paths)) {
    expect(await send(''), name).toBe(MISSING);
    expect(await send(undefined), name).toBe(MISSING);
    expect(await send(srpAToHex(startSrpSession().A)), name).toBe('challenge PASSWORD_VERIFIER');
    expect(await send((SRP_N - 1n).toString(16)), name).toBe('challenge PASSWORD_VERIFIER');
  }
});

it('raw HTTP: an SRP_A that is not a string (number, null, object, array) is a 400 with a Cognito error shape, never a 500', async () => {
  for (const srpA of [5, 0, null, true, { a: 1 }, ['00']]) {
    const r = await call(server.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ada', SRP_A: srpA } });
    expect(r.status, JSON.stringify(srpA)).toBe(400);
    expect(r.body.__type, JSON.stringify(srpA)).toMatch(/^(InvalidParameterException|SerializationException)$/);
    expect(typeof r.body.message).toBe('string');
  }
  // The server still answers a good one afterwards.
  const ok = await call(server.url, 'InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_SRP_AUTH',
    AuthParameters: { USERNAME: 'ada', SRP_A: srpAToHex(startSrpSession().A) },
  });
  expect(ok.body.ChallengeName).toBe('PASSWORD_VERIFIER');
});
