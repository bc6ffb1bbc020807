/**
 * cognate-local remembers recent SRP verifiers by a keyed hash of what they are computed from
 * (services/srp.ts), so signing the same user in again with the same password skips the 3072-bit
 * exponentiation. The outcome of every password check stays what it was: the memoised value is the
 * value the function computes, and a changed password (a new salt) is never answered from an old entry.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeSrpVerifier as inlineVerifier } from '@cognate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { computeSrpVerifier } from '../src/services/srp.js';
import { sdk, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

/** The sign-in's outcome: 'ok' with tokens, else the error's name and message. */
async function signIn(username: string, password: string): Promise<string> {
  try {
    const r = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
    return r.AuthenticationResult?.AccessToken ? 'ok' : 'no tokens';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'memo' }))).UserPool!.Id!;
  clientId = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })))
    .UserPoolClient!.ClientId!;
});
afterAll(() => server?.close());

describe('repeated password sign-ins', () => {
  it('give the same answers as the first: right, wrong, right again', async () => {
    await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'repeat', MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'repeat', Password: 'Passw0rd!', Permanent: true }));
    for (let i = 0; i < 3; i++) {
      expect(await signIn('repeat', 'Passw0rd!')).toBe('ok');
      expect(await signIn('repeat', 'Passw0rd?')).toBe('NotAuthorizedException: Incorrect username or password.');
    }
  });

  it('refuse the old password at once after an admin sets a new one, and after the user changes it', async () => {
    await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'changer', MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'changer', Password: 'First-Passw0rd', Permanent: true }));
    expect(await signIn('changer', 'First-Passw0rd')).toBe('ok');
    expect(await signIn('changer', 'First-Passw0rd')).toBe('ok');
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'changer', Password: 'Second-Passw0rd', Permanent: true }));
    expect(await signIn('changer', 'First-Passw0rd')).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await signIn('changer', 'Second-Passw0rd')).toBe('ok');
    const r = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'changer', PASSWORD: 'Second-Passw0rd' } }),
    );
    await client.send(
      new ChangePasswordCommand({ AccessToken: r.AuthenticationResult!.AccessToken!, PreviousPassword: 'Second-Passw0rd', ProposedPassword: 'First-Passw0rd' }),
    );
    expect(await signIn('changer', 'Second-Passw0rd')).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await signIn('changer', 'First-Passw0rd')).toBe('ok');
  });

  it('two users with the same password are checked each against their own verifier', async () => {
    for (const name of ['twin-a', 'twin-b']) {
      await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: 'SUPPRESS' }));
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: 'Same-Passw0rd', Permanent: true }));
    }
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'twin-b', Password: 'Other-Passw0rd', Permanent: true }));
    expect(await signIn('twin-a', 'Same-Passw0rd')).toBe('ok');
    expect(await signIn('twin-b', 'Same-Passw0rd')).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await signIn('twin-b', 'Other-Passw0rd')).toBe('ok');
  });
});

it('the memoised verifier is the one the function computes, for each input apart', async () => {
  const input = { poolName: 'abcDEF123', userId: 'memo-user', password: 'Passw0rd!', salt: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' };
  const expected = await inlineVerifier(input);
  expect(await computeSrpVerifier(input)).toBe(expected);
  expect(await computeSrpVerifier(input)).toBe(expected);
  for (const change of [{ password: 'Passw0rd?' }, { salt: '0a1b2c3d4e5f60718293a4b5c6d7e8fa' }, { userId: 'memo-user2' }, { poolName: 'abcDEF124' }]) {
    const other = { ...input, ...change };
    const value = await computeSrpVerifier(other);
    expect(value).toBe(await inlineVerifier(other));
    expect(value).not.toBe(expected);
  }
});
