/**
 * A password sign-in reads its pool, app client and user through the store's shared, frozen records
 * (Store.peek) and builds no trigger event for a trigger the pool lacks. What a client sees must not
 * change: each sign-in sees the pool, client and user as stored at that moment (a change made
 * between two sign-ins shows in the second), a wrong password is still counted and a right one
 * still clears the count, a trigger configured between two sign-ins runs on the second, and the
 * tokens verify with the pool's JWKS under the right key (ID and access keys apart), headers exact.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { decodePayload, errorOf, sdk, start, STORES } from './helpers.js';

describe.each(STORES)('password sign-in reads (%s)', (_name, makeStore) => {
  let server: RunningServer;
  let client: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;
  let store: ReturnType<typeof makeStore>;
  let triggerDir: string;

  const signIn = (username: string, password: string) =>
    client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

  beforeAll(async () => {
    store = makeStore();
    triggerDir = mkdtempSync(join(tmpdir(), 'cognate-pw-triggers-'));
    mkdirSync(join(triggerDir, 'fns'));
    // Adds a claim to the ID token: the sign-ins after it is configured must carry it.
    writeFileSync(
      join(triggerDir, 'fns', 'pre-token.mjs'),
      'export const handler = async event => { event.response = { claimsOverrideDetails: { claimsToAddOrOverride: { team: "blue" } } }; return event; };\n',
    );
    server = await start({ ...store.options, triggerBaseDir: triggerDir });
    client = sdk(server.url);
    poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'reads', UsernameAttributes: ['email'] }))).UserPool!.Id!;
    clientId = (
      await client.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    for (const name of ['ann', 'bob']) {
      const email = `${name}@example.com`;
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: 'Passw0rd!', Permanent: true }));
    }
  });

  afterAll(async () => {
    await server?.close();
    store?.cleanup();
    rmSync(triggerDir, { recursive: true, force: true });
  });

  it('signs tokens that verify with the JWKS, each under its own key, with exact headers', async () => {
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    const jwks = createRemoteJWKSet(new URL(`${server.url}/${poolId}/.well-known/jwks.json`));
    const issuer = `${server.url}/${poolId}`;
    const keys = ((await (await fetch(`${server.url}/${poolId}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys.map(k => k.kid);
    for (let i = 0; i < 3; i++) {
      const tokens = (await signIn('ann@example.com', 'Passw0rd!')).AuthenticationResult!;
      const id = await jwtVerify(tokens.IdToken!, jwks, { issuer, audience: clientId });
      const access = await jwtVerify(tokens.AccessToken!, jwks, { issuer });
      expect(id.payload.token_use).toBe('id');
      expect(access.payload.token_use).toBe('access');
      expect(Object.keys(id.protectedHeader)).toEqual(['kid', 'alg']);
      expect(Object.keys(access.protectedHeader)).toEqual(['kid', 'alg']);
      expect(id.protectedHeader.alg).toBe('RS256');
      expect(keys).toContain(id.protectedHeader.kid);
      expect(keys).toContain(access.protectedHeader.kid);
      expect(id.protectedHeader.kid).not.toBe(access.protectedHeader.kid);
    }
  });

  it('sees the client and the user as changed between two sign-ins', async () => {
    const before = (await signIn('ann@example.com', 'Passw0rd!')).AuthenticationResult!;
    expect(before.ExpiresIn).toBe(3600);
    expect(decodePayload(before.IdToken!).name).toBeUndefined();
    await client.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 2,
        TokenValidityUnits: { AccessToken: 'hours' },
      }),
    );
    await client.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'ann@example.com', UserAttributes: [{ Name: 'name', Value: 'Ann' }] }),
    );
    const after = (await signIn('ann@example.com', 'Passw0rd!')).AuthenticationResult!;
    expect(after.ExpiresIn).toBe(7200);
    expect(decodePayload(after.AccessToken!).exp - decodePayload(after.AccessToken!).iat).toBe(7200);
    expect(decodePayload(after.IdToken!).name).toBe('Ann');
    // The client's flows changed again: the very next sign-in is refused.
    await client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] }));
    const refused = await errorOf(signIn('ann@example.com', 'Passw0rd!'));
    expect(refused.name).toBe('InvalidParameterException');
    await client.send(
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
  });

  it('still counts wrong passwords, clears the count on a right one, and locks out after five', async () => {
    for (let i = 0; i < 4; i++) expect((await errorOf(signIn('bob@example.com', 'wrong-Passw0rd!'))).message).toBe('Incorrect username or password.');
    // Four failures, then the right password: it signs in and the count starts again.
    expect((await signIn('bob@example.com', 'Passw0rd!')).AuthenticationResult?.AccessToken).toBeTruthy();
    for (let i = 0; i < 4; i++) expect((await errorOf(signIn('bob@example.com', 'wrong-Passw0rd!'))).message).toBe('Incorrect username or password.');
    expect((await signIn('bob@example.com', 'Passw0rd!')).AuthenticationResult?.AccessToken).toBeTruthy();
    // Five in a row lock the user out: even the right password is refused.
    for (let i = 0; i < 5; i++) await errorOf(signIn('bob@example.com', 'wrong-Passw0rd!'));
    const locked = await errorOf(signIn('bob@example.com', 'Passw0rd!'));
    expect(locked.name).toBe('NotAuthorizedException');
    expect(locked.message).toBe('Password attempts exceeded');
  });

  it('runs a PreTokenGeneration trigger configured between two sign-ins', async () => {
    const first = (await signIn('ann@example.com', 'Passw0rd!')).AuthenticationResult!;
    expect(decodePayload(first.IdToken!).team).toBeUndefined();
    const pool = (await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    await client.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        AutoVerifiedAttributes: pool.AutoVerifiedAttributes,
        LambdaConfig: { PreTokenGeneration: 'fns/pre-token.mjs' },
      }),
    );
    const second = (await signIn('ann@example.com', 'Passw0rd!')).AuthenticationResult!;
    expect(decodePayload(second.IdToken!).team).toBe('blue');
    await client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, AutoVerifiedAttributes: pool.AutoVerifiedAttributes, LambdaConfig: {} }));
    const third = (await signIn('ann@example.com', 'Passw0rd!')).AuthenticationResult!;
    expect(decodePayload(third.IdToken!).team).toBeUndefined();
  });
});
