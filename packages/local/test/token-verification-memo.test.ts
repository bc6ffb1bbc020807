/**
 * cognate-local remembers which access-token strings it has verified (services/tokens.ts), so a
 * session's repeated GetUser skips the RS256 check. Only the signature is remembered: every state
 * that can end a token is read again on the very next call. Each case first uses the token twice
 * (the second call goes through the memo), then changes the state, then expects the refusal at once.
 */
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { sdk, setClock, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

async function signedIn(username: string, pool = poolId, appClient = clientId) {
  await client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: username, MessageAction: 'SUPPRESS' }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: username, Password: 'Passw0rd!', Permanent: true }));
  const result = await client.send(
    new InitiateAuthCommand({ ClientId: appClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' } }),
  );
  return result.AuthenticationResult!;
}

/** GetUser's refusal as `<name>: <message>`, or the username it answered. */
async function getUser(token: string): Promise<string> {
  try {
    return (await client.send(new GetUserCommand({ AccessToken: token }))).Username!;
  } catch (error) {
    const e = error as Error;
    return `${e.name}: ${e.message}`;
  }
}

/** Two good calls: the first verifies the signature, the second is answered through the memo. */
async function usedTwice(token: string, username: string) {
  expect(await getUser(token)).toBe(username);
  expect(await getUser(token)).toBe(username);
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'memo' }))).UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    )
  ).UserPoolClient!.ClientId!;
});
afterAll(() => server?.close());

describe('a remembered access token is still refused at once when', () => {
  it('the user signs out everywhere (GlobalSignOut)', async () => {
    const tokens = await signedIn('global');
    await usedTwice(tokens.AccessToken!, 'global');
    await client.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken! }));
    expect(await getUser(tokens.AccessToken!)).toBe('NotAuthorizedException: Access Token has been revoked');
  });

  it('an admin signs the user out (AdminUserGlobalSignOut)', async () => {
    const tokens = await signedIn('admin-signout');
    await usedTwice(tokens.AccessToken!, 'admin-signout');
    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'admin-signout' }));
    expect(await getUser(tokens.AccessToken!)).toBe('NotAuthorizedException: Access Token has been revoked');
  });

  it('the user is disabled, and works again once enabled', async () => {
    const tokens = await signedIn('disabled');
    await usedTwice(tokens.AccessToken!, 'disabled');
    await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'disabled' }));
    expect(await getUser(tokens.AccessToken!)).toBe('NotAuthorizedException: User is disabled.');
    await client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'disabled' }));
    expect(await getUser(tokens.AccessToken!)).toBe('disabled');
  });

  it('the refresh token of its session is revoked (RevokeToken)', async () => {
    const tokens = await signedIn('revoked');
    await usedTwice(tokens.AccessToken!, 'revoked');
    await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken! }));
    expect(await getUser(tokens.AccessToken!)).toBe('NotAuthorizedException: Access Token has been revoked');
  });

  it('the user is deleted and another user takes the same username', async () => {
    const tokens = await signedIn('reused');
    await usedTwice(tokens.AccessToken!, 'reused');
    await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'reused' }));
    expect((await getUser(tokens.AccessToken!)).startsWith('NotAuthorizedException')).toBe(true);
    await signedIn('reused');
    expect(await getUser(tokens.AccessToken!)).toBe('NotAuthorizedException: Access Token has been revoked');
  });

  it("the server's clock passes the token's expiry, and not before", async () => {
    const tokens = await signedIn('expiring');
    await usedTwice(tokens.AccessToken!, 'expiring');
    try {
      await setClock(server.url, { offsetSeconds: tokens.ExpiresIn! - 30 });
      expect(await getUser(tokens.AccessToken!)).toBe('expiring');
      await setClock(server.url, { offsetSeconds: tokens.ExpiresIn! + 1 });
      expect(await getUser(tokens.AccessToken!)).toBe('NotAuthorizedException: Access Token has expired');
    } finally {
      await setClock(server.url, { offsetSeconds: 0 });
    }
    expect(await getUser(tokens.AccessToken!)).toBe('expiring');
  });

  it('its pool is deleted', async () => {
    const pool = (await client.send(new CreateUserPoolCommand({ PoolName: 'gone' }))).UserPool!.Id!;
    const app = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })))
      .UserPoolClient!.ClientId!;
    const tokens = await signedIn('pool-user', pool, app);
    await usedTwice(tokens.AccessToken!, 'pool-user');
    await client.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    expect(await getUser(tokens.AccessToken!)).toBe('NotAuthorizedException: Invalid Access Token');
  });

  it('the same claims come with another signature, after the genuine token was remembered', async () => {
    const tokens = await signedIn('forged');
    await usedTwice(tokens.AccessToken!, 'forged');
    const [h, p, s] = tokens.AccessToken!.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, 20)}${s[20] === 'A' ? 'B' : 'A'}${s.slice(21)}`;
    expect(await getUser(flipped)).toBe('NotAuthorizedException: Invalid Access Token');
    // A payload changed under the genuine signature (here: another username) is refused too.
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const changed = Buffer.from(JSON.stringify({ ...claims, username: 'global' })).toString('base64url');
    expect(await getUser(`${h}.${changed}.${s}`)).toBe('NotAuthorizedException: Invalid Access Token');
    expect(await getUser(tokens.AccessToken!)).toBe('forged');
  });
});
