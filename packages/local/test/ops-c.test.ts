/**
 * Operations of issue 17 that the AWS SDK knows and the first pass lacked, through the AWS SDK v3
 * against a real cognate-local: session tracking and user sessions, replicas, provisioned limits,
 * GetClientToken, AdminDeleteSoftwareToken, AdminGetUserAuthFactors, DescribeTermsByClient; and a
 * check that every command class the SDKs export is in the operation lists.
 */
import * as idpSdk from '@aws-sdk/client-cognito-identity-provider';
import * as identitySdk from '@aws-sdk/client-cognito-identity';
import {
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminGetUserAuthFactorsCommand,
  AdminGetUserCommand,
  AdminListUserSessionsCommand,
  AdminRevokeUserSessionCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  CreateResourceServerCommand,
  CreateTermsCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolReplicaCommand,
  DeleteUserPoolReplicaCommand,
  DescribeTermsByClientCommand,
  GetClientTokenCommand,
  GetProvisionedLimitCommand,
  GetUserAuthFactorsCommand,
  GetUserCommand,
  GetUserPoolClientSessionConfigurationCommand,
  GetUserPoolSessionConfigurationCommand,
  InitiateAuthCommand,
  ListUserPoolReplicasCommand,
  ListUserSessionsCommand,
  RevokeUserSessionCommand,
  SetUserPoolClientSessionConfigurationCommand,
  SetUserPoolSessionConfigurationCommand,
  UpdateProvisionedLimitCommand,
  UpdateUserPoolReplicaCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_IDENTITY_OPERATIONS, IDENTITY_OPERATIONS } from '../src/identity/registry.js';
import { ALL_USER_POOL_OPERATIONS, USER_POOL_OPERATIONS } from '../src/registry.js';
import type { RunningServer } from '../src/index.js';
import { totpAt } from '../src/services/totp.js';
import { call, decodePayload, errorName, errorOf, sdk, setClock, start } from './helpers.js';

let server: RunningServer;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  server = await start();
  idp = sdk(server.url);
});
afterAll(() => server?.close());

async function newPool(extra: Record<string, unknown> = {}) {
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'opsc', ...extra }));
  return UserPool!;
}

async function newUser(poolId: string, username: string, password = 'Passw0rd!') {
  await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', TemporaryPassword: password }));
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: password, Permanent: true });
}

async function passwordClient(poolId: string) {
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
  );
  return UserPoolClient!.ClientId!;
}

async function signIn(clientId: string, username: string, password = 'Passw0rd!') {
  const { AuthenticationResult } = await idp.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  return AuthenticationResult!;
}

const commandsOf = (mod: Record<string, unknown>) =>
  Object.keys(mod)
    .filter(name => /^[A-Z]\w+Command$/.test(name) && typeof mod[name] === 'function')
    .map(name => name.slice(0, -'Command'.length))
    .sort();

describe('the operation lists cover the AWS SDK', () => {
  it('every command class of @aws-sdk/client-cognito-identity-provider is a listed, implemented operation', () => {
    const commands = commandsOf(idpSdk as unknown as Record<string, unknown>);
    expect(commands.length).toBeGreaterThan(130);
    expect(commands.filter(c => !(ALL_USER_POOL_OPERATIONS as readonly string[]).includes(c))).toEqual([]);
    expect(commands.filter(c => !Object.hasOwn(USER_POOL_OPERATIONS, c))).toEqual([]);
  });

  it('every command class of @aws-sdk/client-cognito-identity is a listed, implemented operation', () => {
    const commands = commandsOf(identitySdk as unknown as Record<string, unknown>);
    expect(commands.length).toBeGreaterThan(20);
    expect(commands.filter(c => !(ALL_IDENTITY_OPERATIONS as readonly string[]).includes(c))).toEqual([]);
    expect(commands.filter(c => !Object.hasOwn(IDENTITY_OPERATIONS, c))).toEqual([]);
  });
});

describe('session configuration', () => {
  it('pool-level tracking and MaxPerUser: defaults, full replacement, ranges, and the Lite tier refused', async () => {
    const pool = await newPool();
    expect(await idp.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id }))).toMatchObject({
      UserPoolId: pool.Id,
      UserSessionTracking: 'DISABLED',
      TokenSession: { MaxPerUser: 20 },
    });
    const set = await idp.send(
      new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 5 } }),
    );
    expect(set).toMatchObject({ UserPoolId: pool.Id, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 5 } });
    expect(await idp.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id }))).toMatchObject({ TokenSession: { MaxPerUser: 5 } });
    for (const MaxPerUser of [0, 101]) {
      expect(
        await errorName(
          idp.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser } })),
        ),
      ).toBe('InvalidParameterException');
    }
    const missing = await call(server.url, 'SetUserPoolSessionConfiguration', { UserPoolId: pool.Id, UserSessionTracking: 'ENABLED' });
    expect([missing.status, missing.body.__type]).toEqual([400, 'InvalidParameterException']);
    const lite = await newPool({ UserPoolTier: 'LITE' });
    expect(await errorName(idp.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: lite.Id })))).toBe('FeatureUnavailableInTierException');
    expect((await idp.send(new idpSdk.DescribeUserPoolCommand({ UserPoolId: lite.Id }))).UserPool!.UserPoolTier).toBe('LITE');
    expect(await errorName(idp.send(new CreateUserPoolCommand({ PoolName: 'x', UserPoolTier: 'GOLD' as never })))).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: 'us-east-1_nothere00' })))).toBe('ResourceNotFoundException');
  });

  it('client-level SSO session: default 60 minutes, 0 to 129600', async () => {
    const pool = await newPool();
    const clientId = await passwordClient(pool.Id);
    expect(await idp.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: pool.Id, ClientId: clientId }))).toMatchObject({
      UserPoolId: pool.Id,
      ClientId: clientId,
      SSOSession: { MaxValidityMinutes: 60 },
    });
    await idp.send(new SetUserPoolClientSessionConfigurationCommand({ UserPoolId: pool.Id, ClientId: clientId, SSOSession: { MaxValidityMinutes: 0 } }));
    expect(await idp.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: pool.Id, ClientId: clientId }))).toMatchObject({
      SSOSession: { MaxValidityMinutes: 0 },
    });
    expect(
      await errorName(
        idp.send(new SetUserPoolClientSessionConfigurationCommand({ UserPoolId: pool.Id, ClientId: clientId, SSOSession: { MaxValidityMinutes: 129601 } })),
      ),
    ).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: pool.Id, ClientId: 'nosuchclient' })))).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('user sessions', () => {
  it('lists one token session per sign-in, marks the current one, and revoking a session ends its tokens', async () => {
    const pool = await newPool();
    const clientId = await passwordClient(pool.Id);
    await newUser(pool.Id, 'sam');
    const first = await signIn(clientId, 'sam');
    // Tracking is off by default.
    expect(await errorName(idp.send(new ListUserSessionsCommand({ AccessToken: first.AccessToken })))).toBe('OperationNotEnabledException');
    await idp.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 20 } }));
    const second = await signIn(clientId, 'sam');

    const own = await idp.send(new ListUserSessionsCommand({ AccessToken: second.AccessToken }));
    expect(own.Sessions).toHaveLength(2);
    for (const s of own.Sessions!) {
      expect(s.SessionId).toMatch(/^tkn[a-z0-9]{25}$/);
      expect(s).toMatchObject({ SessionType: 'TOKEN', ClientId: clientId });
      expect(s.CreateDate).toBeInstanceOf(Date);
    }
    const current = own.Sessions!.find(s => s.IsCurrentSession)!;
    const other = own.Sessions!.find(s => !s.IsCurrentSession)!;
    expect(current.SessionId).not.toBe(other.SessionId);
    // From the first sign-in's token, the other session is the current one.
    const fromFirst = await idp.send(new ListUserSessionsCommand({ AccessToken: first.AccessToken }));
    expect(fromFirst.Sessions!.find(s => s.IsCurrentSession)!.SessionId).toBe(other.SessionId);

    const admin = await idp.send(new AdminListUserSessionsCommand({ UserPoolId: pool.Id, Username: 'sam' }));
    expect(admin.Sessions!.map(s => s.SessionId).sort()).toEqual([current.SessionId, other.SessionId].sort());
    expect(admin.Sessions!.every(s => s.IsCurrentSession === undefined)).toBe(true);

    // The user revokes their other session: the first sign-in's tokens stop working.
    await idp.send(new RevokeUserSessionCommand({ AccessToken: second.AccessToken, SessionId: other.SessionId }));
    expect(await errorName(idp.send(new GetUserCommand({ AccessToken: first.AccessToken })))).toBe('NotAuthorizedException');
    const refresh = await errorOf(
      idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } })),
    );
    expect(refresh.name).toBe('NotAuthorizedException');
    expect((await idp.send(new GetUserCommand({ AccessToken: second.AccessToken }))).Username).toBe('sam');
    expect((await idp.send(new ListUserSessionsCommand({ AccessToken: second.AccessToken }))).Sessions!.map(s => s.SessionId)).toEqual([current.SessionId]);

    // Revoking it again, or a session id that was never issued: not found; a malformed id: invalid.
    expect(await errorName(idp.send(new RevokeUserSessionCommand({ AccessToken: second.AccessToken, SessionId: other.SessionId })))).toBe(
      'ResourceNotFoundException',
    );
    expect(await errorName(idp.send(new RevokeUserSessionCommand({ AccessToken: second.AccessToken, SessionId: 'not-a-session' })))).toBe(
      'InvalidParameterException',
    );

    // The administrator revokes the remaining one.
    await idp.send(new AdminRevokeUserSessionCommand({ UserPoolId: pool.Id, Username: 'sam', SessionId: current.SessionId, RevokeAssociatedSessions: 'NONE' }));
    expect(await errorName(idp.send(new GetUserCommand({ AccessToken: second.AccessToken })))).toBe('NotAuthorizedException');
    expect((await idp.send(new AdminListUserSessionsCommand({ UserPoolId: pool.Id, Username: 'sam' }))).Sessions).toEqual([]);
    expect(await errorName(idp.send(new AdminListUserSessionsCommand({ UserPoolId: pool.Id, Username: 'nobody' })))).toBe('UserNotFoundException');
  });

  it('sessions begun within one second are evicted oldest first', async () => {
    const pool = await newPool();
    const clientId = await passwordClient(pool.Id);
    await idp.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 2 } }));
    await newUser(pool.Id, 'same-second');
    // The clock stands still, so every sign-in below has the same issue time.
    await setClock(server.url, { frozen: true });
    try {
      const sessions = [];
      for (let i = 0; i < 6; i++) sessions.push(await signIn(clientId, 'same-second'));
      const alive = [];
      for (const tokens of sessions) {
        alive.push(
          await idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken })).then(
            () => true,
            (error: Error) => (error.name === 'NotAuthorizedException' ? false : Promise.reject(error)),
          ),
        );
      }
      expect(alive).toEqual([false, false, false, false, true, true]);
    } finally {
      await setClock(server.url, { frozen: false });
    }
  });

  it('a sign-in beyond MaxPerUser revokes the oldest token session; lowering the limit evicts only at the next sign-in', async () => {
    const pool = await newPool();
    const clientId = await passwordClient(pool.Id);
    await idp.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 2 } }));
    await newUser(pool.Id, 'max');
    const first = await signIn(clientId, 'max');
    const second = await signIn(clientId, 'max');
    const third = await signIn(clientId, 'max');
    expect(await errorName(idp.send(new GetUserCommand({ AccessToken: first.AccessToken })))).toBe('NotAuthorizedException');
    expect(
      await errorName(
        idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } })),
      ),
    ).toBe('NotAuthorizedException');
    for (const tokens of [second, third]) expect((await idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username).toBe('max');
    expect((await idp.send(new AdminListUserSessionsCommand({ UserPoolId: pool.Id, Username: 'max' }))).Sessions).toHaveLength(2);

    await idp.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 1 } }));
    expect((await idp.send(new AdminListUserSessionsCommand({ UserPoolId: pool.Id, Username: 'max' }))).Sessions).toHaveLength(2);
    const fourth = await signIn(clientId, 'max');
    const left = (await idp.send(new ListUserSessionsCommand({ AccessToken: fourth.AccessToken }))).Sessions!;
    expect(left).toHaveLength(1);
    expect(left[0]!.IsCurrentSession).toBe(true);
    expect(await errorName(idp.send(new GetUserCommand({ AccessToken: third.AccessToken })))).toBe('NotAuthorizedException');
  });

  it("another user's session cannot be revoked", async () => {
    const pool = await newPool();
    const clientId = await passwordClient(pool.Id);
    await idp.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: pool.Id, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 20 } }));
    await newUser(pool.Id, 'ann');
    await newUser(pool.Id, 'bob');
    const ann = await signIn(clientId, 'ann');
    const bob = await signIn(clientId, 'bob');
    const bobs = (await idp.send(new ListUserSessionsCommand({ AccessToken: bob.AccessToken }))).Sessions![0]!.SessionId!;
    expect(await errorName(idp.send(new RevokeUserSessionCommand({ AccessToken: ann.AccessToken, SessionId: bobs })))).toBe('ResourceNotFoundException');
    expect(await errorName(idp.send(new AdminRevokeUserSessionCommand({ UserPoolId: pool.Id, Username: 'ann', SessionId: bobs })))).toBe(
      'ResourceNotFoundException',
    );
    expect((await idp.send(new GetUserCommand({ AccessToken: bob.AccessToken }))).Username).toBe('bob');
  });
});

describe('user pool replicas', () => {
  it('create, list with the primary, update, delete', async () => {
    const pool = await newPool();
    const created = await idp.send(new CreateUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: 'ap-south-1', UserPoolTags: { team: 'a' } }));
    expect(created.UserPoolReplica).toEqual({
      RegionName: 'ap-south-1',
      Role: 'SECONDARY',
      Status: 'CREATING',
      UserPoolArn: `arn:aws:cognito-idp:ap-south-1:${pool.Arn!.split(':')[4]}:userpool/${pool.Id}`,
    });
    const listed = await idp.send(new ListUserPoolReplicasCommand({ UserPoolId: pool.Id }));
    expect(listed.UserPoolReplicas).toEqual([
      { RegionName: 'us-east-1', Role: 'PRIMARY', Status: 'ACTIVE', UserPoolArn: pool.Arn },
      { RegionName: 'ap-south-1', Role: 'SECONDARY', Status: 'ACTIVE', UserPoolArn: created.UserPoolReplica!.UserPoolArn },
    ]);
    expect(await errorName(idp.send(new CreateUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: 'ap-south-1' })))).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new CreateUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: 'us-east-1' })))).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new CreateUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: 'Mars 1' })))).toBe('InvalidParameterException');
    const updated = await idp.send(new UpdateUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: 'ap-south-1', Status: 'INACTIVE' }));
    expect(updated.UserPoolReplica).toMatchObject({ RegionName: 'ap-south-1', Status: 'INACTIVE', Role: 'SECONDARY' });
    expect(await errorName(idp.send(new UpdateUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: 'eu-west-1', Status: 'ACTIVE' })))).toBe(
      'ResourceNotFoundException',
    );
    const deleted = await idp.send(new DeleteUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: 'ap-south-1' }));
    expect(deleted.UserPoolReplica).toMatchObject({ RegionName: 'ap-south-1', Status: 'DELETING' });
    expect((await idp.send(new ListUserPoolReplicasCommand({ UserPoolId: pool.Id }))).UserPoolReplicas!.map(r => r.Role)).toEqual(['PRIMARY']);
    expect(await errorName(idp.send(new DeleteUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: 'ap-south-1' })))).toBe('ResourceNotFoundException');
    expect(await errorName(idp.send(new ListUserPoolReplicasCommand({ UserPoolId: 'us-east-1_nothere00' })))).toBe('ResourceNotFoundException');
  });
});

describe('provisioned limits', () => {
  it("answers Cognito's default quota per category and keeps a provisioned one", async () => {
    const UserCreation = { LimitClass: 'API_CATEGORY' as const, Attributes: { Category: 'UserCreation' } };
    expect((await idp.send(new GetProvisionedLimitCommand({ LimitDefinition: UserCreation }))).Limit).toEqual({
      LimitDefinition: UserCreation,
      ProvisionedLimitValue: 50,
      FreeLimitValue: 50,
    });
    const updated = await idp.send(new UpdateProvisionedLimitCommand({ LimitDefinition: UserCreation, RequestedLimitValue: 300 }));
    expect(updated.Limit).toEqual({ LimitDefinition: UserCreation, ProvisionedLimitValue: 300, FreeLimitValue: 50 });
    expect((await idp.send(new GetProvisionedLimitCommand({ LimitDefinition: UserCreation }))).Limit!.ProvisionedLimitValue).toBe(300);
    const auth = { LimitClass: 'API_CATEGORY' as const, Attributes: { Category: 'UserAuthentication' } };
    expect((await idp.send(new GetProvisionedLimitCommand({ LimitDefinition: auth }))).Limit).toMatchObject({
      ProvisionedLimitValue: 120,
      FreeLimitValue: 120,
    });
    expect(await errorName(idp.send(new UpdateProvisionedLimitCommand({ LimitDefinition: auth, RequestedLimitValue: 10 })))).toBe('InvalidParameterException');
    const unknown = { LimitClass: 'API_CATEGORY' as const, Attributes: { Category: 'Nope' } };
    expect(await errorName(idp.send(new GetProvisionedLimitCommand({ LimitDefinition: unknown })))).toBe('InvalidParameterException');
    const missing = await call(server.url, 'GetProvisionedLimit', {});
    expect([missing.status, missing.body.__type]).toEqual([400, 'InvalidParameterException']);
  });
});

describe('GetClientToken', () => {
  it('issues an M2M access token to a client with a secret and ALLOW_CLIENT_TOKEN_AUTH', async () => {
    const pool = await newPool();
    await idp.send(
      new CreateResourceServerCommand({
        UserPoolId: pool.Id,
        Identifier: 'api',
        Name: 'api',
        Scopes: [
          { ScopeName: 'read', ScopeDescription: 'r' },
          { ScopeName: 'write', ScopeDescription: 'w' },
        ],
      }),
    );
    expect(
      await errorName(
        idp.send(
          new CreateUserPoolClientCommand({
            UserPoolId: pool.Id,
            ClientName: 'mixed',
            ExplicitAuthFlows: ['ALLOW_CLIENT_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'] as never,
          }),
        ),
      ),
    ).toBe('InvalidParameterException');
    const { UserPoolClient: m2m } = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: pool.Id,
        ClientName: 'm2m',
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_CLIENT_TOKEN_AUTH'] as never,
        AllowedOAuthScopes: ['api/read', 'api/write'],
      }),
    );
    const all = await idp.send(new GetClientTokenCommand({ ClientId: m2m!.ClientId, Secret: m2m!.ClientSecret }));
    expect(all.ClientAuthenticationResult).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    const claims = decodePayload(all.ClientAuthenticationResult!.AccessToken!);
    expect(claims).toMatchObject({
      sub: m2m!.ClientId,
      client_id: m2m!.ClientId,
      token_use: 'access',
      scope: 'api/read api/write',
      iss: `${server.url}/${pool.Id}`,
    });
    expect(claims.username).toBeUndefined();
    // The token is signed with the pool's access key: its JWKS verifies it.
    const header = JSON.parse(Buffer.from(all.ClientAuthenticationResult!.AccessToken!.split('.')[0]!, 'base64url').toString());
    const jwks = (await (await fetch(`${server.url}/${pool.Id}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map(k => k.kid)).toContain(header.kid);

    const one = await idp.send(new GetClientTokenCommand({ ClientId: m2m!.ClientId, Secret: m2m!.ClientSecret, Scopes: ['api/read'] }));
    expect(decodePayload(one.ClientAuthenticationResult!.AccessToken!).scope).toBe('api/read');
    expect(await errorName(idp.send(new GetClientTokenCommand({ ClientId: m2m!.ClientId, Secret: m2m!.ClientSecret, Scopes: ['api/admin'] })))).toBe(
      'InvalidParameterException',
    );
    expect(await errorName(idp.send(new GetClientTokenCommand({ ClientId: m2m!.ClientId, Secret: 'wrong-secret' })))).toBe('NotAuthorizedException');

    const { UserPoolClient: plain } = await idp.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: 'plain', GenerateSecret: true, AllowedOAuthScopes: ['api/read'] }),
    );
    expect(await errorName(idp.send(new GetClientTokenCommand({ ClientId: plain!.ClientId, Secret: plain!.ClientSecret })))).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new GetClientTokenCommand({ ClientId: 'nosuchclient', Secret: 'x' })))).toBe('ResourceNotFoundException');
  });
});

describe('AdminDeleteSoftwareToken and AdminGetUserAuthFactors', () => {
  it('removes a TOTP factor; the admin view of auth factors matches the user view', async () => {
    const pool = await newPool({ MfaConfiguration: 'OPTIONAL' });
    await call(server.url, 'SetUserPoolMfaConfig', { UserPoolId: pool.Id, SoftwareTokenMfaConfiguration: { Enabled: true }, MfaConfiguration: 'OPTIONAL' });
    const clientId = await passwordClient(pool.Id);
    await newUser(pool.Id, 'tia');
    const { AccessToken } = await signIn(clientId, 'tia');
    const { SecretCode } = await idp.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    const step = Math.floor(Date.now() / 1000 / 30);
    await idp.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpAt(SecretCode!, step) }));
    await idp.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'tia', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );

    const own = await idp.send(new GetUserAuthFactorsCommand({ AccessToken }));
    const admin = await idp.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: pool.Id, Username: 'tia' }));
    expect(admin).toMatchObject({ Username: 'tia', PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    const { $metadata: _a, ...adminBody } = admin;
    const { $metadata: _o, ...ownBody } = own;
    expect(adminBody).toEqual(ownBody);

    await idp.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: pool.Id, Username: 'tia' }));
    const after = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'tia' }));
    expect(after.UserMFASettingList).toBeUndefined();
    expect(after.PreferredMfaSetting).toBeUndefined();
    expect((await idp.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: pool.Id, Username: 'tia' }))).UserMFASettingList).toBeUndefined();
    // Sign-in no longer asks for a TOTP code, and a new authenticator can be associated.
    const again = await idp.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'tia', PASSWORD: 'Passw0rd!' } }),
    );
    expect(again.ChallengeName).toBeUndefined();
    expect(again.AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await idp.send(new AssociateSoftwareTokenCommand({ AccessToken: again.AuthenticationResult!.AccessToken }))).SecretCode).not.toBe(SecretCode);
    // Deleting again is harmless; unknown users are not found.
    await idp.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: pool.Id, Username: 'tia' }));
    expect(await errorName(idp.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: pool.Id, Username: 'nobody' })))).toBe('UserNotFoundException');
    expect(await errorName(idp.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: pool.Id, Username: 'nobody' })))).toBe('UserNotFoundException');
  });
});

describe('DescribeTermsByClient', () => {
  it("returns an app client's terms by name", async () => {
    const pool = await newPool();
    const clientId = await passwordClient(pool.Id);
    const otherClient = await passwordClient(pool.Id);
    const { Terms } = await idp.send(
      new CreateTermsCommand({
        UserPoolId: pool.Id,
        ClientId: clientId,
        TermsName: 'terms-of-use',
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': 'https://example.com/terms' },
      }),
    );
    const byClient = await idp.send(new DescribeTermsByClientCommand({ UserPoolId: pool.Id, ClientId: clientId, TermsName: 'terms-of-use' }));
    expect(byClient.Terms).toEqual(Terms);
    expect(await errorName(idp.send(new DescribeTermsByClientCommand({ UserPoolId: pool.Id, ClientId: clientId, TermsName: 'privacy-policy' })))).toBe(
      'ResourceNotFoundException',
    );
    expect(await errorName(idp.send(new DescribeTermsByClientCommand({ UserPoolId: pool.Id, ClientId: otherClient, TermsName: 'terms-of-use' })))).toBe(
      'ResourceNotFoundException',
    );
    expect(await errorName(idp.send(new DescribeTermsByClientCommand({ UserPoolId: pool.Id, ClientId: clientId, TermsName: 'cookies' })))).toBe(
      'InvalidParameterException',
    );
  });
});

describe('app client redirect URLs', () => {
  it('CallbackURLs, LogoutURLs and DefaultRedirectURI are absolute, https (http only for loopback), without fragments', async () => {
    const pool = await newPool();
    const create = (extra: Record<string, unknown>) => idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: 'web', ...extra }));
    const ok = await create({
      CallbackURLs: ['https://app.example.com/cb', 'http://localhost:3000/cb', 'http://127.0.0.1:5173/', 'http://[::1]:8080/cb', 'myapp://callback'],
      LogoutURLs: ['https://app.example.com/bye', 'http://localhost:3000/'],
      DefaultRedirectURI: 'https://app.example.com/cb',
    });
    expect(ok.UserPoolClient).toMatchObject({ DefaultRedirectURI: 'https://app.example.com/cb' });
    const refused = async (extra: Record<string, unknown>, fragment: string) => {
      const error = await errorOf(create(extra));
      expect([error.name, error.message]).toEqual(['InvalidParameterException', expect.stringContaining(fragment)]);
    };
    await refused({ CallbackURLs: ['http://app.example.com/cb'] }, 'HTTPS');
    await refused({ CallbackURLs: ['/relative/cb'] }, 'absolute');
    await refused({ CallbackURLs: ['not a url'] }, 'regular expression pattern');
    await refused({ CallbackURLs: ['https://app.example.com/cb#frag'] }, 'fragment');
    await refused({ LogoutURLs: ['http://evil.example/'] }, 'LogoutURLs');
    await refused({ CallbackURLs: ['javascript:alert(1)'] }, 'javascript');
    await refused({ CallbackURLs: ['https://app.example.com/cb'], DefaultRedirectURI: 'https://other.example.com/cb' }, 'CallbackURLs');
    await refused({ DefaultRedirectURI: 'https://app.example.com/cb' }, 'CallbackURLs');
    // Updates are checked the same way.
    const clientId = ok.UserPoolClient!.ClientId!;
    const update = await errorOf(
      idp.send(new idpSdk.UpdateUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: clientId, CallbackURLs: ['http://app.example.com/'] })),
    );
    expect(update.name).toBe('InvalidParameterException');
  });
});
