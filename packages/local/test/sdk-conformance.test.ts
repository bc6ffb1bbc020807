/**
 * Conformance through the official AWS SDK v3 client: pool and client setup, sign-up, confirm,
 * password sign-in, refresh, GetUser, global sign-out, revoked tokens, and Cognito's error names.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateUserPoolClientCommand,
  AdminSetUserPasswordCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminConfirmSignUpCommand,
  DeleteUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { decodePayload, errorName, lastCode, sdk, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  const pool = await client.send(new CreateUserPoolCommand({ PoolName: 'conformance', AutoVerifiedAttributes: ['email'] }));
  poolId = pool.UserPool!.Id!;
  const app = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  clientId = app.UserPoolClient!.ClientId!;
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('pools and clients', () => {
  it('creates pools with AWS-shaped ids and Cognito defaults', async () => {
    expect(poolId).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(clientId).toMatch(/^[a-z0-9]{26}$/);
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 8, RequireUppercase: true, RequireSymbols: true });
    expect(UserPool?.CreationDate).toBeInstanceOf(Date);
    expect(UserPool?.SchemaAttributes?.map(a => a.Name)).toContain('email_verified');
    const { UserPools } = await client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(UserPools?.map(p => p.Id)).toContain(poolId);
  });

  it('describes, updates and deletes app clients', async () => {
    const made = await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'secret', GenerateSecret: true }));
    const id = made.UserPoolClient!.ClientId!;
    expect(made.UserPoolClient?.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    const described = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id }));
    expect(described.UserPoolClient).toMatchObject({
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30,
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'LEGACY',
    });
    const updated = await client.send(
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: id, ClientName: 'renamed', PreventUserExistenceErrors: 'ENABLED' }),
    );
    expect(updated.UserPoolClient).toMatchObject({ ClientName: 'renamed', PreventUserExistenceErrors: 'ENABLED' });
    expect(updated.UserPoolClient?.ClientSecret).toBe(made.UserPoolClient?.ClientSecret);
    await client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: id }));
    expect(await errorName(client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id })))).toBe('ResourceNotFoundException');
  });

  it('reports an unknown pool as ResourceNotFoundException', async () => {
    expect(await errorName(client.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_nopenope0' })))).toBe('ResourceNotFoundException');
  });
});

describe('sign-up, confirmation and password sign-in', () => {
  const username = 'alice';
  const password = 'Corr3ct-horse!';
  let tokens: { AccessToken?: string; IdToken?: string; RefreshToken?: string };

  it('signs up and delivers a masked code to the outbox', async () => {
    const out = await client.send(
      new SignUpCommand({ ClientId: clientId, Username: username, Password: password, UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }] }),
    );
    expect(out.UserConfirmed).toBe(false);
    expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
  });

  it('rejects a duplicate username, a weak password and sign-in before confirmation', async () => {
    expect(await errorName(client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: password })))).toBe('UsernameExistsException');
    expect(await errorName(client.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: 'short' })))).toBe('InvalidPasswordException');
    expect(
      await errorName(
        client.send(
          new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
        ),
      ),
    ).toBe('UserNotConfirmedException');
  });

  it('rejects a wrong code, then confirms with the right one and marks email verified', async () => {
    const code = await lastCode(server.url, poolId, username);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await errorName(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: wrong })))).toBe(
      'CodeMismatchException',
    );
    await client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: username }));
    const fresh = await lastCode(server.url, poolId, username);
    await client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: fresh }));
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect(await errorName(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: fresh })))).toBe(
      'NotAuthorizedException',
    );
  });

  it('reports wrong password and unknown user with Cognito names', async () => {
    const auth = (u: string, p: string) =>
      client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u, PASSWORD: p } }));
    expect(await errorName(auth(username, 'Wr0ng-password!'))).toBe('NotAuthorizedException');
    expect(await errorName(auth('nobody', password))).toBe('UserNotFoundException');
  });

  it('signs in with USER_PASSWORD_AUTH and issues Cognito-shaped tokens', async () => {
    const out = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
    tokens = out.AuthenticationResult!;
    expect(out.AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
    expect(tokens.RefreshToken?.split('.')).toHaveLength(5);
    const access = decodePayload(tokens.AccessToken!);
    const id = decodePayload(tokens.IdToken!);
    expect(access).toMatchObject({
      token_use: 'access',
      client_id: clientId,
      username,
      scope: 'aws.cognito.signin.user.admin',
      iss: `${server.url}/${poolId}`,
    });
    expect(access.origin_jti).toBe(id.origin_jti);
    expect(access.exp - access.iat).toBe(3600);
    expect(id).toMatchObject({ token_use: 'id', aud: clientId, 'cognito:username': username, email: 'alice@example.com', email_verified: true });
    expect(id).toMatchObject({
      sub: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      event_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      auth_time: id.iat,
    });
  });

  it('serves the JWKS that verifies the tokens, and the discovery document', async () => {
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    const discovery = await (await fetch(`${server.url}/${poolId}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(`${server.url}/${poolId}`);
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload } = await jwtVerify(tokens.IdToken!, jwks, { issuer: discovery.issuer, audience: clientId });
    expect(payload.token_use).toBe('id');
    const access = await jwtVerify(tokens.AccessToken!, jwks, { issuer: discovery.issuer });
    expect(access.protectedHeader.kid).not.toBe((await jwtVerify(tokens.IdToken!, jwks)).protectedHeader.kid);
  });

  it('returns the user for GetUser, and refreshes with both refresh paths', async () => {
    const me = await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    expect(me.Username).toBe(username);
    expect(me.UserAttributes).toContainEqual({ Name: 'email', Value: 'alice@example.com' });
    const viaInitiate = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
    );
    expect(viaInitiate.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect(decodePayload(viaInitiate.AuthenticationResult!.AccessToken!).origin_jti).toBe(decodePayload(tokens.AccessToken!).origin_jti);
    const viaGet = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken }));
    expect(viaGet.AuthenticationResult?.IdToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });

  it('global sign-out revokes the refresh token and the access token', async () => {
    await client.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken }));
    expect(await errorName(client.send(new GetUserCommand({ AccessToken: tokens.AccessToken })))).toBe('NotAuthorizedException');
    expect(await errorName(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken })))).toBe(
      'NotAuthorizedException',
    );
  });

  it('RevokeToken ends one sign-in only', async () => {
    const signIn = () =>
      client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
    const a = (await signIn()).AuthenticationResult!;
    const b = (await signIn()).AuthenticationResult!;
    await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: a.RefreshToken }));
    expect(await errorName(client.send(new GetUserCommand({ AccessToken: a.AccessToken })))).toBe('NotAuthorizedException');
    expect((await client.send(new GetUserCommand({ AccessToken: b.AccessToken }))).Username).toBe(username);
  });

  it('rejects a token with a tampered signature', async () => {
    const out = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
    const [h, p, s] = out.AuthenticationResult!.AccessToken!.split('.');
    const flipped = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await errorName(client.send(new GetUserCommand({ AccessToken: flipped })))).toBe('NotAuthorizedException');
  });
});

describe('admin-created users and temporary passwords', () => {
  it('requires a new password, then signs in', async () => {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'carol',
        TemporaryPassword: 'Temp-Passw0rd!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }],
      }),
    );
    const first = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: 'Temp-Passw0rd!' } }),
    );
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(first.ChallengeParameters?.USER_ID_FOR_SRP).toBe('carol');
    expect(JSON.parse(first.ChallengeParameters!.userAttributes!)).toMatchObject({ email: 'carol@example.com' });
    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'carol', NEW_PASSWORD: 'N3w-Passw0rd!' },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    expect(
      await errorName(
        client.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: first.Session,
            ChallengeResponses: { USERNAME: 'carol', NEW_PASSWORD: 'N3w-Passw0rd!' },
          }),
        ),
      ),
    ).toBe('NotAuthorizedException');
    expect((await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }))).UserStatus).toBe('CONFIRMED');
  });

  it('sets passwords, disables and enables, updates attributes, lists with filters and deletes', async () => {
    await client.send(
      new SignUpCommand({ ClientId: clientId, Username: 'dave', Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: 'dave@example.com' }] }),
    );
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'dave' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'dave', Password: 'An0ther-pass!', Permanent: true }));
    const signIn = () =>
      client.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dave', PASSWORD: 'An0ther-pass!' } }),
      );
    expect((await signIn()).AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    expect(await errorName(signIn())).toBe('NotAuthorizedException');
    await client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    await client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'dave', UserAttributes: [{ Name: 'name', Value: 'Dave D' }] }));
    const listed = await client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email ^= "dave"' }));
    expect(listed.Users?.map(u => u.Username)).toEqual(['dave']);
    expect(listed.Users?.[0]?.Attributes).toContainEqual({ Name: 'name', Value: 'Dave D' });
    expect((await client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1 }))).PaginationToken).toEqual(expect.stringMatching(/\S/));
    await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    expect(await errorName(client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dave' })))).toBe('UserNotFoundException');
  });
});

describe('client settings', () => {
  it('enforces ExplicitAuthFlows, SECRET_HASH and PreventUserExistenceErrors', async () => {
    const made = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'confidential',
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      }),
    );
    const id = made.UserPoolClient!.ClientId!;
    const secret = made.UserPoolClient!.ClientSecret!;
    const hash = (u: string) =>
      createHmac('sha256', secret)
        .update(u + id)
        .digest('base64');
    const auth = (params: Record<string, string>, flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH' = 'USER_PASSWORD_AUTH') =>
      client.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: flow, AuthParameters: params }));
    expect(await errorName(auth({ USERNAME: 'alice', PASSWORD: 'Corr3ct-horse!' }))).toBe('NotAuthorizedException');
    const ok = await auth({ USERNAME: 'alice', PASSWORD: 'Corr3ct-horse!', SECRET_HASH: hash('alice') });
    expect(ok.AuthenticationResult?.AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    expect(await errorName(auth({ USERNAME: 'ghost', PASSWORD: 'x', SECRET_HASH: hash('ghost') }))).toBe('NotAuthorizedException');
    expect(await errorName(auth({ USERNAME: 'alice', SRP_A: 'abc', SECRET_HASH: hash('alice') }, 'USER_SRP_AUTH'))).toBe('InvalidParameterException');
  });

  it('deletes a pool with everything in it', async () => {
    const pool = await client.send(new CreateUserPoolCommand({ PoolName: 'doomed' }));
    await client.send(new DeleteUserPoolCommand({ UserPoolId: pool.UserPool!.Id }));
    expect(await errorName(client.send(new DescribeUserPoolCommand({ UserPoolId: pool.UserPool!.Id })))).toBe('ResourceNotFoundException');
  });
});
