/**
 * cognate-local/testing: startCognateLocal and every method of its handle, checked over real HTTP
 * with the AWS SDK v3 and aws-amplify v6 (in Node) against the server it starts.
 */
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../src/services/totp.js';
import { startCognateLocal, StateFileError, type CognateLocalHandle } from '../src/testing/index.js';
import { decodePayload, errorOf, sdk } from './helpers.js';

let local: CognateLocalHandle;
const dir = mkdtempSync(join(tmpdir(), 'cognate-testing-'));

beforeAll(async () => {
  local = await startCognateLocal();
});
afterAll(async () => {
  await local?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const passwordAuth = (client: CognitoIdentityProviderClient, clientId: string, username: string, password: string) =>
  client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

/** An in-memory key-value storage for aws-amplify's token store in Node. */
function memoryStorage(entries: Array<[string, string]> = []) {
  const map = new Map(entries);
  return {
    map,
    setItem: async (k: string, v: string) => void map.set(k, v),
    getItem: async (k: string) => map.get(k) ?? null,
    removeItem: async (k: string) => void map.delete(k),
    clear: async () => map.clear(),
  };
}

describe('startCognateLocal()', () => {
  it('starts the default pool and public client on a free port, with outputs for Amplify', async () => {
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(local.userPoolId).toMatch(/^us-east-1_[0-9A-Za-z]+$/);
    const client = sdk(local.url);
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: local.userPoolId }));
    expect(UserPool?.AutoVerifiedAttributes).toEqual(['email']);
    expect(UserPool?.UsernameAttributes ?? []).toEqual([]);
    expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    const { UserPoolClient } = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: local.userPoolId, ClientId: local.userPoolClientId }));
    expect(UserPoolClient?.ClientSecret).toBeUndefined();
    expect(new Set(UserPoolClient?.ExplicitAuthFlows)).toEqual(
      new Set(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH']),
    );
    expect(local.outputs).toMatchObject({
      auth: { user_pool_id: local.userPoolId, user_pool_client_id: local.userPoolClientId, user_pool_endpoint: local.url, aws_region: 'us-east-1' },
    });
    expect(local.amplifyConfig.Auth.Cognito).toEqual({ userPoolId: local.userPoolId, userPoolClientId: local.userPoolClientId, userPoolEndpoint: local.url });

    // Each test file can have its own: a second one is another server with another pool.
    const other = await startCognateLocal();
    try {
      expect(other.url).not.toBe(local.url);
      expect(other.userPoolId).not.toBe(local.userPoolId);
    } finally {
      await other.stop();
    }
    await expect(fetch(`${other.url}/health`)).rejects.toThrow();
  });

  it('starts from a config file, with its first pool and client', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        userPools: [
          {
            Id: 'us-east-1_FromFile1',
            PoolName: 'from-file',
            UsernameAttributes: ['email'],
            clients: [{ ClientId: 'fromfile00000000000000web1', ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }],
            users: [{ Username: 'file@example.com', Password: 'Passw0rd!', Attributes: { email: 'file@example.com' } }],
          },
        ],
      }),
    );
    const fromFile = await startCognateLocal({ config: file });
    try {
      expect(fromFile.userPoolId).toBe('us-east-1_FromFile1');
      expect(fromFile.userPoolClientId).toBe('fromfile00000000000000web1');
      const out = await passwordAuth(sdk(fromFile.url), fromFile.userPoolClientId, 'file@example.com', 'Passw0rd!');
      expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    } finally {
      await fromFile.stop();
    }
  });

  it('starts from a CDK template, with its pool, client, group and identity pool', async () => {
    const template = new URL('./data/cdk/cdk.out/CognateSample.template.json', import.meta.url).pathname;
    const fromTemplate = await startCognateLocal({ template });
    try {
      const pool = await sdk(fromTemplate.url).send(new DescribeUserPoolCommand({ UserPoolId: fromTemplate.userPoolId }));
      expect(pool.UserPool?.SchemaAttributes?.map(a => a.Name)).toContain('custom:tenant');
      expect(fromTemplate.identityPoolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
      // The template's pool signs in with an email address (UsernameAttributes: email).
      await fromTemplate.createUser({ username: 'bob@example.com', password: 'Passw0rd!Passw0rd!', groups: ['admins'] });
      const { idToken } = await fromTemplate.tokensFor({ username: 'bob@example.com' });
      expect(decodePayload(idToken)['cognito:groups']).toEqual(['admins']);
    } finally {
      await fromTemplate.stop();
    }
  });
});

describe('createUser', () => {
  it('makes a confirmed user with verified email and groups, ready for SRP sign-in with aws-amplify', async () => {
    const user = await local.createUser({ username: 'ada', password: 'Str0ng-Pass!', groups: ['admins', 'staff'] });
    expect(user).toMatchObject({ username: 'ada', password: 'Str0ng-Pass!', groups: ['admins', 'staff'] });
    const got = await sdk(local.url).send(new AdminGetUserCommand({ UserPoolId: local.userPoolId, Username: 'ada' }));
    expect(got.UserStatus).toBe('CONFIRMED');
    expect(Object.fromEntries(got.UserAttributes!.map(a => [a.Name, a.Value]))).toMatchObject({
      email: 'ada@example.com',
      email_verified: 'true',
      sub: user.sub,
    });

    Amplify.configure(local.amplifyConfig);
    cognitoUserPoolsTokenProvider.setKeyValueStorage(memoryStorage());
    expect(await signIn({ username: 'ada', password: 'Str0ng-Pass!' })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload['cognito:groups']).toEqual(['admins', 'staff']);
    await signOut();
    await expect(local.createUser({ username: 'ada' })).rejects.toMatchObject({ type: 'UsernameExistsException' });
    await expect(local.createUser({ username: 'weak', password: 'short' })).rejects.toThrow(
      /^createUser: InvalidPasswordException: Password did not conform with policy/,
    );
  });

  it("with mfa: 'TOTP' a sign-in asks for the authenticator's code, which the returned secret makes", async () => {
    const user = await local.createUser({ username: 'totp-user', mfa: 'TOTP' });
    expect(user.password).toBe('Passw0rd!');
    expect(user.totpSecret).toMatch(/^[A-Z2-7]+=*$/);
    const client = sdk(local.url);
    const first = await passwordAuth(client, local.userPoolClientId, 'totp-user', user.password);
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const code = totpAt(user.totpSecret!, Math.floor(Date.now() / 1000 / 30));
    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: local.userPoolClientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'totp-user', SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    );
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
  });
});

describe('createUser with SMS MFA', () => {
  it("mfa: 'SMS' sends the sign-in code to the phone number, which latestCode reads", async () => {
    const mfaUser = await local.createUser({ username: 'sms-user', attributes: { email: 'sms@example.com', phone_number: '+15555550100' }, mfa: 'SMS' });
    expect(mfaUser.attributes.phone_number_verified).toBe('true');
    const client = sdk(local.url);
    const first = await passwordAuth(client, local.userPoolClientId, 'sms-user', 'Passw0rd!');
    expect(first.ChallengeName).toBe('SMS_MFA');
    const code = local.latestCode({ to: '+15555550100', kind: 'Authentication' });
    expect(code).toMatch(/^\d{6}$/);
    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: local.userPoolClientId,
        ChallengeName: 'SMS_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'sms-user', SMS_MFA_CODE: code! },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    await expect(local.createUser({ username: 'email-mfa', mfa: 'EMAIL' })).rejects.toThrow(/does not offer EMAIL MFA/);
    // Refused before anything is made.
    expect(await errorOf(client.send(new AdminGetUserCommand({ UserPoolId: local.userPoolId, Username: 'email-mfa' })))).toMatchObject({
      name: 'UserNotFoundException',
    });
  });
});

describe('tokensFor', () => {
  it("issues a real session signed by the pool's keys, with groups, usable with GetUser and refresh", async () => {
    await local.createUser({ username: 'grace', groups: ['editors'] });
    const tokens = await local.tokensFor({ username: 'grace' });
    const jwks = createLocalJWKSet((await (await fetch(`${local.url}/${local.userPoolId}/.well-known/jwks.json`)).json()) as { keys: [] });
    const { payload: id } = await jwtVerify(tokens.idToken, jwks, { issuer: `${local.url}/${local.userPoolId}`, audience: local.userPoolClientId });
    expect(id).toMatchObject({ 'cognito:username': 'grace', 'cognito:groups': ['editors'], token_use: 'id', email: 'grace@example.com' });
    const { payload: access } = await jwtVerify(tokens.accessToken, jwks);
    expect(access).toMatchObject({ client_id: local.userPoolClientId, username: 'grace', token_use: 'access' });
    expect(tokens.expiresIn).toBe(3600);

    const client = sdk(local.url);
    const me = await client.send(new GetUserCommand({ AccessToken: tokens.accessToken }));
    expect(me.Username).toBe('grace');
    const refreshed = await client.send(
      new InitiateAuthCommand({ ClientId: local.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refreshToken } }),
    );
    expect(decodePayload(refreshed.AuthenticationResult!.IdToken!)['cognito:username']).toBe('grace');
    await expect(local.tokensFor({ username: 'nobody' })).rejects.toMatchObject({ type: 'UserNotFoundException' });
  });

  it('applies the pool’s pre-token-generation trigger', async () => {
    writeFileSync(
      join(dir, 'pre-token.mjs'),
      `export async function handler(event) {
        event.response.claimsOverrideDetails = { claimsToAddOrOverride: { tenant: 'acme-' + event.userName } };
        return event;
      }`,
    );
    const withTrigger = await startCognateLocal({
      triggers: dir,
      config: { userPools: [{ PoolName: 'triggers', LambdaConfig: { PreTokenGeneration: './pre-token.mjs' }, clients: [{ ClientName: 'web' }] }] },
    });
    try {
      await withTrigger.createUser({ username: 'linus' });
      const tokens = await withTrigger.tokensFor({ username: 'linus' });
      expect(decodePayload(tokens.idToken).tenant).toBe('acme-linus');
    } finally {
      await withTrigger.stop();
    }
  });
});

describe('storageState', () => {
  it("writes aws-amplify's localStorage keys, which aws-amplify reads as a signed-in session", async () => {
    await local.createUser({ username: 'margaret' });
    const state = await local.storageState({ username: 'margaret', origin: 'http://localhost:3000' });
    expect(state.cookies).toEqual([]);
    expect(state.origins).toHaveLength(1);
    expect(state.origins[0]!.origin).toBe('http://localhost:3000');
    const prefix = `CognitoIdentityServiceProvider.${local.userPoolClientId}`;
    const names = state.origins[0]!.localStorage.map(e => e.name).sort();
    expect(names).toEqual(
      [
        `${prefix}.LastAuthUser`,
        `${prefix}.margaret.accessToken`,
        `${prefix}.margaret.clockDrift`,
        `${prefix}.margaret.idToken`,
        `${prefix}.margaret.refreshToken`,
        `${prefix}.margaret.signInDetails`,
      ].sort(),
    );

    Amplify.configure(local.amplifyConfig);
    cognitoUserPoolsTokenProvider.setKeyValueStorage(memoryStorage(state.origins[0]!.localStorage.map(e => [e.name, e.value])));
    const user = await getCurrentUser();
    expect(user.username).toBe('margaret');
    expect(user.signInDetails?.loginId).toBe('margaret');
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload['cognito:username']).toBe('margaret');
    // The session is the server's: a forced refresh uses its refresh token.
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens?.accessToken.toString()).not.toBe(session.tokens?.accessToken.toString());
  });

  it('with ssr: true gives the same entries as cookies for the origin', async () => {
    const state = await local.storageState({ username: 'margaret', origin: 'https://app.example.test:8443', ssr: true });
    expect(state.origins).toEqual([]);
    const last = state.cookies.find(c => c.name === encodeURIComponent(`CognitoIdentityServiceProvider.${local.userPoolClientId}.LastAuthUser`));
    expect(last).toMatchObject({ value: 'margaret', domain: 'app.example.test', path: '/', secure: true, httpOnly: false, sameSite: 'Lax' });
    const access = state.cookies.find(c => c.name.endsWith('.accessToken'))!;
    expect(decodePayload(decodeURIComponent(access.value)).username).toBe('margaret');
    expect(access.expires).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('latestCode / waitForCode', () => {
  it('reads the code sent at sign-up, and waits for the one a resend sends', async () => {
    const client = sdk(local.url);
    expect(local.latestCode({ to: 'new@example.com' })).toBeUndefined();
    await client.send(
      new SignUpCommand({
        ClientId: local.userPoolClientId,
        Username: 'newbie',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'new@example.com' }],
      }),
    );
    const first = local.latestCode({ to: 'new@example.com', kind: 'SignUp' });
    expect(first).toMatch(/^\d{6}$/);
    expect(local.latestCode({ to: 'newbie' })).toBe(first);
    expect(local.latestCode({ to: 'new@example.com', kind: 'ForgotPassword' })).toBeUndefined();

    const waiting = local.waitForCode({ to: 'new@example.com', previous: first! });
    await client.send(new ResendConfirmationCodeCommand({ ClientId: local.userPoolClientId, Username: 'newbie' }));
    const second = await waiting;
    expect(second).not.toBe(first);
    await client.send(new ConfirmSignUpCommand({ ClientId: local.userPoolClientId, Username: 'newbie', ConfirmationCode: second }));
    await expect(local.waitForCode({ to: 'new@example.com', previous: second, timeoutMs: 50 })).rejects.toThrow(/no code sent to new@example.com/);
  });
});

describe('advanceClock', () => {
  it('expires access tokens and codes without waiting', async () => {
    const other = await startCognateLocal();
    try {
      await other.createUser({ username: 'alan' });
      const client = sdk(other.url);
      const tokens = await other.tokensFor({ username: 'alan' });
      await client.send(new GetUserCommand({ AccessToken: tokens.accessToken }));
      await other.advanceClock(3601 * 1000);
      expect(await errorOf(client.send(new GetUserCommand({ AccessToken: tokens.accessToken })))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has expired',
      });
      const refreshed = await client.send(
        new InitiateAuthCommand({ ClientId: other.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refreshToken } }),
      );
      await client.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken! }));

      await client.send(
        new SignUpCommand({
          ClientId: other.userPoolClientId,
          Username: 'late',
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: 'late@example.com' }],
        }),
      );
      const code = other.latestCode({ to: 'late@example.com' })!;
      await other.advanceClock(25 * 3600 * 1000);
      expect(
        await errorOf(client.send(new ConfirmSignUpCommand({ ClientId: other.userPoolClientId, Username: 'late', ConfirmationCode: code }))),
      ).toMatchObject({
        name: 'ExpiredCodeException',
      });
      await expect(other.advanceClock(-1)).rejects.toThrow(RangeError);
    } finally {
      await other.stop();
    }
  });
});

describe('failNext', () => {
  it('answers the next calls of an operation with a Cognito error, then runs it again', async () => {
    await local.createUser({ username: 'barbara' });
    const client = sdk(local.url);
    local.failNext('InitiateAuth', 'TooManyRequestsException');
    const throttled = await errorOf(passwordAuth(client, local.userPoolClientId, 'barbara', 'Passw0rd!'));
    expect(throttled).toMatchObject({ name: 'TooManyRequestsException', message: 'Rate exceeded' });
    expect((throttled as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(400);
    expect((await passwordAuth(client, local.userPoolClientId, 'barbara', 'Passw0rd!')).AuthenticationResult).toBeTruthy();

    local.failNext('InitiateAuth', 'InternalErrorException', { times: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await errorOf(passwordAuth(client, local.userPoolClientId, 'barbara', 'Passw0rd!'));
      expect(error).toMatchObject({ name: 'InternalErrorException' });
      expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(500);
    }
    expect((await passwordAuth(client, local.userPoolClientId, 'barbara', 'Passw0rd!')).AuthenticationResult).toBeTruthy();

    // Other operations are not affected; a named error may carry its own message.
    local.failNext('GetUser', { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    const tokens = await local.tokensFor({ username: 'barbara' });
    expect((await passwordAuth(client, local.userPoolClientId, 'barbara', 'Passw0rd!')).AuthenticationResult).toBeTruthy();
    expect(await errorOf(client.send(new GetUserCommand({ AccessToken: tokens.accessToken })))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });

    // 'network': the connection closes without an answer.
    local.failNext('InitiateAuth', 'network');
    const dropped = await errorOf(passwordAuth(client, local.userPoolClientId, 'barbara', 'Passw0rd!'));
    expect(dropped.name).not.toMatch(/Exception$/);
    expect((await passwordAuth(client, local.userPoolClientId, 'barbara', 'Passw0rd!')).AuthenticationResult).toBeTruthy();
    expect(() => local.failNext('InitiateAuth', 'not a name!')).toThrow(TypeError);
    expect(() => local.failNext('InitiateAuht', 'InternalErrorException')).toThrow(
      'failNext: "InitiateAuht" is not an operation cognate-local serves; did you mean InitiateAuth?',
    );
  });

  it("reaches aws-amplify's signIn, whose retries a times: count outlasts", async () => {
    await local.createUser({ username: 'edsger' });
    Amplify.configure(local.amplifyConfig);
    cognitoUserPoolsTokenProvider.setKeyValueStorage(memoryStorage());
    local.failNext('InitiateAuth', 'NotAuthorizedException');
    await expect(signIn({ username: 'edsger', password: 'Passw0rd!' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn({ username: 'edsger', password: 'Passw0rd!' })).isSignedIn).toBe(true);
    await signOut();
  });
});

describe('reset', () => {
  it('goes back to the started state: users made since gone, config users kept, clock and failures cleared, keys kept', async () => {
    const seeded = await startCognateLocal({
      config: {
        userPools: [
          {
            PoolName: 'seeded',
            clients: [{ ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
            users: [{ Username: 'fixture', Password: 'Passw0rd!', Attributes: { email: 'fixture@example.com' } }],
          },
        ],
      },
    });
    try {
      const client = sdk(seeded.url);
      const jwks = async () => (await fetch(`${seeded.url}/${seeded.userPoolId}/.well-known/jwks.json`)).json();
      await seeded.createUser({ username: 'temporary' });
      const tokens = await seeded.tokensFor({ username: 'fixture' });
      const before = await jwks();
      await seeded.advanceClock(7200 * 1000);
      seeded.failNext('InitiateAuth', 'TooManyRequestsException');

      await seeded.reset();
      expect(await errorOf(client.send(new AdminGetUserCommand({ UserPoolId: seeded.userPoolId, Username: 'temporary' })))).toMatchObject({
        name: 'UserNotFoundException',
      });
      expect((await passwordAuth(client, seeded.userPoolClientId, 'fixture', 'Passw0rd!')).AuthenticationResult).toBeTruthy();
      expect(await jwks()).toEqual(before);
      // Sessions made before are gone with the rest; the clock is back (new tokens are issued now, not 2 hours ahead).
      expect(await errorOf(client.send(new GetUserCommand({ AccessToken: tokens.accessToken })))).toMatchObject({ name: 'NotAuthorizedException' });
      const fresh = await seeded.tokensFor({ username: 'fixture' });
      expect(Math.abs(decodePayload(fresh.accessToken).iat - Date.now() / 1000)).toBeLessThan(60);
      await client.send(new GetUserCommand({ AccessToken: fresh.accessToken }));
      await seeded.createUser({ username: 'temporary' });
    } finally {
      await seeded.stop();
    }
  });
});

describe('export / import', () => {
  it('a state file brings pools, clients, users (passwords), groups and keys to another server', async () => {
    const source = await startCognateLocal();
    let copy: CognateLocalHandle | undefined;
    try {
      await source.createUser({ username: 'hopper', password: 'Cobol-1959!', groups: ['navy'] });
      const tokens = await source.tokensFor({ username: 'hopper' });
      const state = source.exportState();
      expect(state.cognateLocalState).toBe(1);
      expect(Object.keys(state.records)).toEqual(expect.arrayContaining(['pool', 'client', 'user', 'group', 'keys']));
      expect(JSON.stringify(state)).not.toContain('Cobol-1959!');
      const file = join(dir, 'state.json');
      writeFileSync(file, JSON.stringify(state));

      copy = await startCognateLocal({ import: file });
      expect(copy.userPoolId).toBe(source.userPoolId);
      expect(copy.userPoolClientId).toBe(source.userPoolClientId);
      const client = sdk(copy.url);
      const out = await passwordAuth(client, copy.userPoolClientId, 'hopper', 'Cobol-1959!');
      expect(decodePayload(out.AuthenticationResult!.IdToken!)['cognito:groups']).toEqual(['navy']);
      // The same signing keys: the source's token verifies against the copy's JWKS.
      const jwks = createLocalJWKSet((await (await fetch(`${copy.url}/${copy.userPoolId}/.well-known/jwks.json`)).json()) as { keys: [] });
      await jwtVerify(tokens.idToken, jwks);
      await copy.stop();

      // import and config together: the config's users join the imported pool, and its credentials apply.
      copy = await startCognateLocal({
        import: file,
        config: {
          credentials: { accessKeyId: 'team', secretAccessKey: 'team-secret' },
          userPools: [{ Id: source.userPoolId, PoolName: 'test', users: [{ Username: 'extra', Password: 'Passw0rd!' }] }],
        },
      });
      for (const [username, password] of [
        ['hopper', 'Cobol-1959!'],
        ['extra', 'Passw0rd!'],
      ])
        expect((await passwordAuth(sdk(copy.url), copy.userPoolClientId, username!, password!)).AuthenticationResult).toBeTruthy();
      expect(await errorOf(sdk(copy.url).send(new AdminGetUserCommand({ UserPoolId: copy.userPoolId, Username: 'extra' })))).toMatchObject({
        name: 'UnrecognizedClientException',
      });
    } finally {
      await source.stop();
      await copy?.stop();
    }
  });

  it('identity pools and their identities come along: the same user gets the same IdentityId from the copy', async () => {
    const source = await startCognateLocal({
      config: {
        userPools: [{ PoolName: 'with-identity', clients: [{ ClientName: 'web' }] }],
        identityPools: [{ IdentityPoolName: 'app', AllowUnauthenticatedIdentities: false }],
      },
    });
    let copy: CognateLocalHandle | undefined;
    try {
      expect(source.identityPoolId).toMatch(/^us-east-1:/);
      expect(source.amplifyConfig.Auth.Cognito).toMatchObject({ identityPoolId: source.identityPoolId, identityPoolEndpoint: source.url });
      await source.createUser({ username: 'dennis' });
      const getId = async (handle: CognateLocalHandle) => {
        const { idToken } = await handle.tokensFor({ username: 'dennis' });
        const client = new CognitoIdentityClient({
          region: 'us-east-1',
          endpoint: handle.url,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
        const out = await client.send(
          new GetIdCommand({ IdentityPoolId: handle.identityPoolId!, Logins: { [`${new URL(handle.url).host}/${handle.userPoolId}`]: idToken } }),
        );
        return out.IdentityId;
      };
      const id = await getId(source);
      expect(id).toBeTruthy();
      copy = await startCognateLocal({ import: source.exportState() });
      expect(copy.identityPoolId).toBe(source.identityPoolId);
      expect(await getId(copy)).toBe(id);
    } finally {
      await source.stop();
      await copy?.stop();
    }
  });

  it('refuses a wrong version or a malformed file with a clear error', async () => {
    const error = await errorOf(startCognateLocal({ import: { cognateLocalState: 2, records: {} } as never }));
    expect(error).toBeInstanceOf(StateFileError);
    expect(error.message).toBe('state file version 2 is not supported: this cognate-local reads version 1 (export the state again with this version)');
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ cognateLocalState: 1, records: { pool: { 'us-east-1_X': { Id: 'other' } }, cookies: {} } }));
    const broken = await errorOf(startCognateLocal({ import: file }));
    expect(broken.message).toContain('records.cookies: not a kind of state');
    expect(broken.message).toContain('records.pool.us-east-1_X: a pool record whose "Id" is its key');
    writeFileSync(file, '{"users": []}');
    expect((await errorOf(startCognateLocal({ import: file }))).message).toContain('not a cognate-local state file');
  });
});
