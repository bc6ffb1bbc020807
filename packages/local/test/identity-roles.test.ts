/**
 * The role of GetCredentialsForIdentity's credentials, through `@aws-sdk/client-cognito-identity`:
 * default roles for guests and users, `Type: Token` role mappings (cognito:preferred_role, then the
 * only cognito:roles entry, CustomRoleArn from cognito:roles), `Type: Rules` (first match wins,
 * Equals / Contains / StartsWith / NotEqual), AmbiguousRoleResolution (AuthenticatedRole / Deny), and
 * Cognito's errors when no role may be issued. The chosen role (and the principal tags of
 * SetPrincipalTagAttributeMap) are read back from the credentials' SessionToken.
 */
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetPrincipalTagAttributeMapCommand,
  SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand,
  type RoleMapping,
} from '@aws-sdk/client-cognito-identity';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorOf, sdk, start } from './helpers.js';

const ROLE = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const AUTH = ROLE('Authenticated');
const UNAUTH = ROLE('Unauthenticated');
const ADMIN = ROLE('Admin');
const READER = ROLE('Reader');
const PASSWORD = 'Passw0rd!x';

let server: RunningServer;
let idp: CognitoIdentityProviderClient;
let ci: CognitoIdentityClient;
let userPoolId: string;
let clientId: string;
let provider: string;
let identityPoolId: string;
const idTokens: Record<string, string> = {};

/** The role (and principal tags) the SessionToken carries: base64url JSON after the fixed prefix, up to the first dot. */
function session(token: string): { identityId: string; roleArn: string; principalTags?: Record<string, string> } {
  expect(token.startsWith('IQoJb3JpZ2luX2VjE')).toBe(true);
  return JSON.parse(Buffer.from(token.slice('IQoJb3JpZ2luX2VjE'.length).split('.')[0]!, 'base64url').toString('utf8'));
}

async function credentials(user?: string, customRoleArn?: string) {
  const Logins = user ? { [provider]: idTokens[user]! } : undefined;
  const { IdentityId } = await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, ...(Logins ? { Logins } : {}) }));
  return ci.send(
    new GetCredentialsForIdentityCommand({
      IdentityId: IdentityId!,
      ...(Logins ? { Logins } : {}),
      ...(customRoleArn ? { CustomRoleArn: customRoleArn } : {}),
    }),
  );
}

async function roleOf(user?: string, customRoleArn?: string): Promise<string | undefined> {
  const res = await credentials(user, customRoleArn);
  return session(res.Credentials!.SessionToken!).roleArn;
}

async function setRoles(Roles: Record<string, string>, mapping?: RoleMapping): Promise<void> {
  await ci.send(
    new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles, ...(mapping ? { RoleMappings: { [`${provider}:${clientId}`]: mapping } } : {}) }),
  );
}

beforeAll(async () => {
  server = await start();
  idp = sdk(server.url);
  ci = new CognitoIdentityClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  userPoolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'roles', Schema: [{ Name: 'dept', AttributeDataType: 'String', Mutable: true }] })))
    .UserPool!.Id!;
  clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })))
    .UserPoolClient!.ClientId!;
  provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  await idp.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admins', RoleArn: ADMIN, Precedence: 1 }));
  await idp.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'readers', RoleArn: READER, Precedence: 2 }));
  await idp.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'readers-too', RoleArn: ROLE('ReaderToo'), Precedence: 2 }));
  // ann: admins + readers (preferred role Admin); bob: no groups; dee: two groups tied on precedence (no preferred role).
  const users: Array<[string, string, string[]]> = [
    ['ann', 'eng', ['admins', 'readers']],
    ['bob', 'sales', []],
    ['dee', 'support', ['readers', 'readers-too']],
  ];
  for (const [name, dept, groups] of users) {
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: name,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${name}@example.com` },
          { Name: 'custom:dept', Value: dept },
        ],
      }),
    );
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: name, Password: PASSWORD, Permanent: true }));
    for (const group of groups) await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: name, GroupName: group }));
    const auth = await idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD } }));
    idTokens[name] = auth.AuthenticationResult!.IdToken!;
  }
  identityPoolId = (
    await ci.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'roles',
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
      }),
    )
  ).IdentityPoolId!;
});
afterAll(() => server?.close());

describe('the role in GetCredentialsForIdentity', () => {
  it('a pool never given roles issues no credentials, to guests or users: InvalidIdentityPoolConfigurationException, as AWS answers', async () => {
    for (const user of [undefined, 'ann']) {
      const error = await errorOf(credentials(user));
      expect(error.name).toBe('InvalidIdentityPoolConfigurationException');
      expect(error.message).toBe('Invalid identity pool configuration. Check assigned IAM roles for this pool.');
      expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(400);
    }
    // Once SetIdentityPoolRoles gives it roles, the same calls answer credentials for the chosen role.
    await setRoles({ authenticated: AUTH, unauthenticated: UNAUTH });
    expect(await roleOf()).toBe(UNAUTH);
    expect(await roleOf('ann')).toBe(AUTH);
  });

  it('default roles: guests get the unauthenticated role, users the authenticated one; a missing role is InvalidIdentityPoolConfigurationException', async () => {
    await setRoles({ authenticated: AUTH, unauthenticated: UNAUTH });
    expect(await roleOf()).toBe(UNAUTH);
    expect(await roleOf('ann')).toBe(AUTH);
    await setRoles({ authenticated: AUTH });
    const guest = await errorOf(credentials());
    expect(guest.name).toBe('InvalidIdentityPoolConfigurationException');
    expect(guest.message).toBe('Invalid identity pool configuration. Check assigned IAM roles for this pool.');
    expect(await roleOf('bob')).toBe(AUTH);
  });

  it('Token: cognito:preferred_role, or CustomRoleArn from cognito:roles; no role falls back to the authenticated role', async () => {
    await setRoles({ authenticated: AUTH, unauthenticated: UNAUTH }, { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' });
    expect(await roleOf('ann')).toBe(ADMIN);
    expect(await roleOf('ann', READER)).toBe(READER);
    const foreign = await errorOf(credentials('ann', ROLE('SomethingElse')));
    expect(foreign.name).toBe('NotAuthorizedException');
    expect(await roleOf('bob')).toBe(AUTH);
    // Two roles tied on precedence: no preferred role, so ambiguous unless the caller picks one of them.
    expect(await roleOf('dee')).toBe(AUTH);
    expect(await roleOf('dee', ROLE('ReaderToo'))).toBe(ROLE('ReaderToo'));
    expect(await roleOf()).toBe(UNAUTH);
  });

  it('Token with Deny: an ambiguous user is refused, in Cognito words', async () => {
    await setRoles({ authenticated: AUTH, unauthenticated: UNAUTH }, { Type: 'Token', AmbiguousRoleResolution: 'Deny' });
    expect(await roleOf('ann')).toBe(ADMIN);
    for (const user of ['bob', 'dee']) {
      const error = await errorOf(credentials(user));
      expect(error.name).toBe('NotAuthorizedException');
      expect(error.message).toBe('The ambiguous role mapping rules denied this request.');
    }
  });

  it('Rules: the first matching rule wins, with each MatchType; no match follows AmbiguousRoleResolution', async () => {
    const rules: RoleMapping = {
      Type: 'Rules',
      AmbiguousRoleResolution: 'Deny',
      RulesConfiguration: {
        Rules: [
          { Claim: 'custom:dept', MatchType: 'Equals', Value: 'eng', RoleARN: ROLE('Engineering') },
          { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admins', RoleARN: ADMIN },
          { Claim: 'email', MatchType: 'StartsWith', Value: 'bob@', RoleARN: ROLE('Bob') },
          { Claim: 'custom:dept', MatchType: 'NotEqual', Value: 'support', RoleARN: ROLE('NotSupport') },
        ],
      },
    };
    await setRoles({ authenticated: AUTH, unauthenticated: UNAUTH }, rules);
    // ann matches the first and second rules: the first wins.
    expect(await roleOf('ann')).toBe(ROLE('Engineering'));
    // bob: not eng, not an admin, email starts with bob@ (and would match NotEqual later).
    expect(await roleOf('bob')).toBe(ROLE('Bob'));
    // dee: in support, no rule matches; Deny.
    expect((await errorOf(credentials('dee'))).message).toBe('The ambiguous role mapping rules denied this request.');
    // A CustomRoleArn that is one of the token's roles but not the rule's choice is refused.
    expect((await errorOf(credentials('ann', ADMIN))).name).toBe('NotAuthorizedException');

    await setRoles({ authenticated: AUTH, unauthenticated: UNAUTH }, { ...rules, AmbiguousRoleResolution: 'AuthenticatedRole' });
    expect(await roleOf('dee')).toBe(AUTH);
    await setRoles({ unauthenticated: UNAUTH }, { ...rules, AmbiguousRoleResolution: 'AuthenticatedRole' });
    expect((await errorOf(credentials('dee'))).name).toBe('InvalidIdentityPoolConfigurationException');
    expect(await roleOf('bob')).toBe(ROLE('Bob'));
  });

  it('SetPrincipalTagAttributeMap: the mapped claims are the session tags', async () => {
    await setRoles({ authenticated: AUTH, unauthenticated: UNAUTH });
    const set = await ci.send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: identityPoolId, IdentityProviderName: provider, UseDefaults: true }));
    expect(set).toMatchObject({ UseDefaults: true, PrincipalTags: { client: 'aud', username: 'sub' } });
    const res = await credentials('ann');
    const sub = JSON.parse(Buffer.from(idTokens.ann!.split('.')[1]!, 'base64url').toString('utf8')).sub;
    expect(session(res.Credentials!.SessionToken!)).toMatchObject({ roleArn: AUTH, principalTags: { client: clientId, username: sub } });

    await ci.send(
      new SetPrincipalTagAttributeMapCommand({
        IdentityPoolId: identityPoolId,
        IdentityProviderName: provider,
        UseDefaults: false,
        PrincipalTags: { department: 'custom:dept' },
      }),
    );
    const got = await ci.send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: identityPoolId, IdentityProviderName: provider }));
    expect(got).toMatchObject({
      IdentityPoolId: identityPoolId,
      IdentityProviderName: provider,
      UseDefaults: false,
      PrincipalTags: { department: 'custom:dept' },
    });
    expect(session((await credentials('bob')).Credentials!.SessionToken!).principalTags).toEqual({ department: 'sales' });

    const unknown = await errorOf(
      ci.send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: identityPoolId, IdentityProviderName: 'accounts.google.com', UseDefaults: true })),
    );
    expect(unknown.name).toBe('InvalidParameterException');
  });
});
