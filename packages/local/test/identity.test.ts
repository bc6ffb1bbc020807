/**
 * Identity pools through the official `@aws-sdk/client-cognito-identity`: pool CRUD, roles and
 * tags, GetId per login and for guests, GetCredentialsForIdentity's shape, how logins are checked
 * (tampered, expired, foreign-pool, access-token, wrong-audience tokens), GetOpenIdToken, identity
 * listing, linking and merging, and Cognito-shaped errors for malformed input.
 */
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  GetOpenIdTokenCommand,
  ListIdentitiesCommand,
  ListIdentityPoolsCommand,
  ListTagsForResourceCommand,
  SetIdentityPoolRolesCommand,
  TagResourceCommand,
  UnlinkIdentityCommand,
  UntagResourceCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, decodePayload, sdk, setClock, start } from './helpers.js';

let server: RunningServer;
let idp: CognitoIdentityProviderClient;
let ci: CognitoIdentityClient;
let userPoolId: string;
let clientId: string;
let otherClientId: string;
let foreignPoolId: string;
let foreignClientId: string;
/** The provider name as Cognito spells it, and as Amplify derives it from cognate-local's `iss`. */
let awsProvider: string;
let localProvider: string;
let identityPoolId: string;

const PASSWORD = 'Passw0rd!x';

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}

async function makeUser(poolId: string, username: string): Promise<void> {
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

async function tokens(client: string, username: string): Promise<{ id: string; access: string }> {
  const res = await idp.send(new InitiateAuthCommand({ ClientId: client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
  return { id: res.AuthenticationResult!.IdToken!, access: res.AuthenticationResult!.AccessToken! };
}

async function shiftClock(seconds: number): Promise<void> {
  await setClock(server.url, { offsetSeconds: seconds });
}

async function newPool(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await ci.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'test pool',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: awsProvider, ClientId: clientId }],
      ...extra,
    }),
  );
  return res.IdentityPoolId!;
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
  const flows = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;
  const pool = await idp.send(new CreateUserPoolCommand({ PoolName: 'identity-users' }));
  userPoolId = pool.UserPool!.Id!;
  clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: [...flows] }))).UserPoolClient!
    .ClientId!;
  otherClientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'other', ExplicitAuthFlows: [...flows] })))
    .UserPoolClient!.ClientId!;
  const foreign = await idp.send(new CreateUserPoolCommand({ PoolName: 'foreign-users' }));
  foreignPoolId = foreign.UserPool!.Id!;
  foreignClientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: foreignPoolId, ClientName: 'web', ExplicitAuthFlows: [...flows] })))
    .UserPoolClient!.ClientId!;
  await Promise.all([
    makeUser(userPoolId, 'alice'),
    makeUser(userPoolId, 'bob'),
    makeUser(userPoolId, 'carol'),
    makeUser(userPoolId, 'dave'),
    makeUser(foreignPoolId, 'mallory'),
  ]);
  awsProvider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  localProvider = `${server.url.replace(/^http:\/\//, '')}/${userPoolId}`;
  identityPoolId = await newPool();
  // Cognito issues credentials only for a role the pool has (identity-roles.test.ts covers the rule).
  await ci.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: identityPoolId,
      Roles: { authenticated: 'arn:aws:iam::000000000000:role/authenticated', unauthenticated: 'arn:aws:iam::000000000000:role/unauthenticated' },
    }),
  );
});

afterAll(async () => {
  ci?.destroy();
  idp?.destroy();
  await server?.close();
});

describe('identity pools', () => {
  it('creates, describes, updates, lists and deletes pools', async () => {
    const created = await ci.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'crud pool',
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [{ ProviderName: awsProvider, ClientId: clientId, ServerSideTokenCheck: true }],
        SupportedLoginProviders: { 'accounts.google.com': 'google-client' },
        IdentityPoolTags: { team: 'auth' },
      }),
    );
    const id = created.IdentityPoolId!;
    expect(id).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created).toMatchObject({
      IdentityPoolName: 'crud pool',
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [{ ProviderName: awsProvider, ClientId: clientId, ServerSideTokenCheck: true }],
      SupportedLoginProviders: { 'accounts.google.com': 'google-client' },
      IdentityPoolTags: { team: 'auth' },
    });
    const described = await ci.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
    expect(described.IdentityPoolName).toBe('crud pool');

    const updated = await ci.send(new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: true }));
    expect(updated).toMatchObject({
      IdentityPoolName: 'renamed',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [],
      SupportedLoginProviders: {},
    });
    expect(updated.IdentityPoolTags).toEqual({ team: 'auth' });

    const first = await ci.send(new ListIdentityPoolsCommand({ MaxResults: 1 }));
    expect(first.IdentityPools).toHaveLength(1);
    expect(first.NextToken).toEqual(expect.stringMatching(/\S/));
    const rest = await ci.send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken: first.NextToken }));
    const ids = [...first.IdentityPools!, ...rest.IdentityPools!].map(p => p.IdentityPoolId);
    expect(ids).toEqual(expect.arrayContaining([id, identityPoolId]));
    expect(rest.NextToken).toBeUndefined();

    await ci.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }));
    const gone = await failure(ci.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })));
    expect(gone).toEqual({ name: 'ResourceNotFoundException', message: `IdentityPool '${id}' not found.` });
  });

  it('stores roles and role mappings, and tags', async () => {
    const id = await newPool();
    const auth = 'arn:aws:iam::000000000000:role/authenticated';
    const unauth = 'arn:aws:iam::000000000000:role/unauthenticated';
    await ci.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: id,
        Roles: { authenticated: auth, unauthenticated: unauth },
        RoleMappings: { [`${awsProvider}:${clientId}`]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } },
      }),
    );
    const roles = await ci.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    expect(roles.Roles).toEqual({ authenticated: auth, unauthenticated: unauth });
    expect(roles.RoleMappings?.[`${awsProvider}:${clientId}`]).toEqual({ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' });
    const badMapping = await failure(
      ci.send(
        new SetIdentityPoolRolesCommand({
          IdentityPoolId: id,
          Roles: {},
          RoleMappings: { 'graph.facebook.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
        }),
      ),
    );
    expect(badMapping).toEqual({
      name: 'InvalidParameterException',
      message: 'graph.facebook.com is not a valid RoleMapping ProviderName or is not a configured provider.',
    });
    const badKey = await failure(ci.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { admin: auth } })));
    expect(badKey.name).toBe('ValidationException');

    const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${id}`;
    await ci.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: '1', b: '2' } }));
    await ci.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }));
    expect((await ci.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ b: '2' });
  });

  it('checks provider configuration', async () => {
    const bad = await failure(
      ci.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'bad',
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [{ ProviderName: 'accounts.google.com', ClientId: 'x' }],
        }),
      ),
    );
    expect(bad.name).toBe('InvalidParameterException');
    const badName = await failure(ci.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'bad/name', AllowUnauthenticatedIdentities: false })));
    expect(badName).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'bad/name' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
    });
  });
});

describe('GetId', () => {
  it('maps one user to one identity, under either provider spelling, and different users to different ones', async () => {
    const alice = await tokens(clientId, 'alice');
    const viaAws = await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [awsProvider]: alice.id } }));
    expect(viaAws.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const viaLocal = await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, AccountId: '000000000000', Logins: { [localProvider]: alice.id } }));
    expect(viaLocal.IdentityId).toBe(viaAws.IdentityId);
    const again = await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [localProvider]: (await tokens(clientId, 'alice')).id } }));
    expect(again.IdentityId).toBe(viaAws.IdentityId);
    const bob = await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [awsProvider]: (await tokens(clientId, 'bob')).id } }));
    expect(bob.IdentityId).not.toBe(viaAws.IdentityId);
    const described = await ci.send(new DescribeIdentityCommand({ IdentityId: viaAws.IdentityId }));
    expect(described.Logins).toEqual([awsProvider]);
    expect(described.CreationDate).toBeInstanceOf(Date);
  });

  it('gives each guest a new identity, only when the pool allows guests', async () => {
    const a = await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId }));
    const b = await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: {} }));
    expect(a.IdentityId).toMatch(/^us-east-1:/);
    expect(b.IdentityId).not.toBe(a.IdentityId);
    expect((await ci.send(new DescribeIdentityCommand({ IdentityId: a.IdentityId }))).Logins).toBeUndefined();

    const closed = await newPool({ AllowUnauthenticatedIdentities: false });
    const refused = await failure(ci.send(new GetIdCommand({ IdentityPoolId: closed })));
    expect(refused).toEqual({ name: 'NotAuthorizedException', message: 'Unauthenticated access is not supported for this identity pool.' });

    // Turning guest access off also stops existing guest identities.
    const pool = await newPool();
    const guest = await ci.send(new GetIdCommand({ IdentityPoolId: pool }));
    await ci.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: pool,
        IdentityPoolName: 'closed',
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [{ ProviderName: awsProvider, ClientId: clientId }],
      }),
    );
    const stopped = await failure(ci.send(new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId })));
    expect(stopped.message).toBe('Unauthenticated access is not supported for this identity pool.');
  });

  it('reports unknown pools and identities', async () => {
    const missing = 'us-east-1:00000000-0000-4000-8000-000000000000';
    expect(await failure(ci.send(new GetIdCommand({ IdentityPoolId: missing })))).toEqual({
      name: 'ResourceNotFoundException',
      message: `IdentityPool '${missing}' not found.`,
    });
    expect(await failure(ci.send(new GetCredentialsForIdentityCommand({ IdentityId: missing })))).toEqual({
      name: 'ResourceNotFoundException',
      message: `Identity '${missing}' not found.`,
    });
  });
});

describe('GetCredentialsForIdentity', () => {
  it('returns shape-correct temporary credentials for guests and users', async () => {
    const guest = await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId }));
    const before = Date.now();
    const res = await ci.send(new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId }));
    expect(res.IdentityId).toBe(guest.IdentityId);
    const c = res.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.SecretKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(c.SessionToken!.length).toBeGreaterThan(100);
    expect(c.Expiration).toBeInstanceOf(Date);
    expect(Math.abs(c.Expiration!.getTime() - (before + 3600_000))).toBeLessThan(5000);

    const alice = await tokens(clientId, 'alice');
    const aliceId = (await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [localProvider]: alice.id } }))).IdentityId!;
    const authed = await ci.send(new GetCredentialsForIdentityCommand({ IdentityId: aliceId, Logins: { [localProvider]: alice.id } }));
    expect(authed.IdentityId).toBe(aliceId);
    expect(authed.Credentials?.AccessKeyId).not.toBe(c.AccessKeyId);
  });

  it("requires an authenticated identity's own login", async () => {
    const alice = await tokens(clientId, 'alice');
    const aliceId = (await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [awsProvider]: alice.id } }))).IdentityId!;
    const none = await failure(ci.send(new GetCredentialsForIdentityCommand({ IdentityId: aliceId })));
    expect(none).toEqual({ name: 'NotAuthorizedException', message: `Access to Identity '${aliceId}' is forbidden.` });
    const bob = await tokens(clientId, 'bob');
    const wrong = await failure(ci.send(new GetCredentialsForIdentityCommand({ IdentityId: aliceId, Logins: { [awsProvider]: bob.id } })));
    expect(wrong).toEqual({
      name: 'NotAuthorizedException',
      message: "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    });
  });

  it('links a guest to a new login, and merges a guest into the identity its login already has', async () => {
    const carol = await tokens(clientId, 'carol');
    const guest = (await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId }))).IdentityId!;
    const linked = await ci.send(new GetCredentialsForIdentityCommand({ IdentityId: guest, Logins: { [localProvider]: carol.id } }));
    expect(linked.IdentityId).toBe(guest);
    expect((await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [awsProvider]: carol.id } }))).IdentityId).toBe(guest);

    const second = (await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId }))).IdentityId!;
    const merged = await ci.send(new GetCredentialsForIdentityCommand({ IdentityId: second, Logins: { [localProvider]: carol.id } }));
    expect(merged.IdentityId).toBe(guest);
    expect((await failure(ci.send(new DescribeIdentityCommand({ IdentityId: second })))).name).toBe('ResourceNotFoundException');
  });
});

describe('login checks', () => {
  const expectRefused = async (logins: Record<string, string>, message: string | RegExp, pool = () => identityPoolId) => {
    const res = await failure(ci.send(new GetIdCommand({ IdentityPoolId: pool(), Logins: logins })));
    expect(res.name).toBe('NotAuthorizedException');
    if (typeof message === 'string') expect(res.message).toBe(message);
    else expect(res.message).toMatch(message);
  };

  it('refuses a tampered token', async () => {
    const { id } = await tokens(clientId, 'alice');
    const [h, p, s] = id.split('.');
    const payload = { ...decodePayload(id), sub: '00000000-0000-4000-8000-000000000000' };
    await expectRefused(
      { [awsProvider]: `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}` },
      "Invalid login token. Couldn't verify signed token.",
    );
    const flipped = s!.slice(0, 10) + (s![10] === 'A' ? 'B' : 'A') + s!.slice(11);
    await expectRefused({ [awsProvider]: `${h}.${p}.${flipped}` }, "Invalid login token. Couldn't verify signed token.");
    await expectRefused({ [awsProvider]: 'not-a-jwt' }, 'Invalid login token. Not a valid OpenId Connect identity token.');
  });

  it('refuses an expired token', async () => {
    const { id } = await tokens(clientId, 'alice');
    await shiftClock(3700);
    try {
      await expectRefused({ [awsProvider]: id }, /^Invalid login token\. Token expired: \d+ >= \d+$/);
    } finally {
      await shiftClock(0);
    }
  });

  it("refuses another user pool's token", async () => {
    const { id } = await tokens(foreignClientId, 'mallory');
    await expectRefused({ [`cognito-idp.us-east-1.amazonaws.com/${foreignPoolId}`]: id }, 'Token is not from a supported provider of this identity pool.');
    await expectRefused({ [awsProvider]: id }, "Invalid login token. Issuer doesn't match providerName");
    const own = await tokens(clientId, 'alice');
    await expectRefused({ [`cognito-idp.us-west-2.amazonaws.com/${userPoolId}`]: own.id }, "Invalid login token. Issuer doesn't match providerName");
    await expectRefused({ [`localhost:1/${userPoolId}`]: own.id }, "Invalid login token. Issuer doesn't match providerName");
  });

  it('refuses an access token and a token for another app client', async () => {
    const { access } = await tokens(clientId, 'alice');
    await expectRefused({ [awsProvider]: access }, 'Invalid login token. Not a valid OpenId Connect identity token.');
    const other = await tokens(otherClientId, 'alice');
    await expectRefused({ [awsProvider]: other.id }, 'Token is not from a supported provider of this identity pool.');
  });

  it('refuses logins on a pool with no providers, and providers it cannot verify', async () => {
    const { id } = await tokens(clientId, 'alice');
    const bare = await newPool({ CognitoIdentityProviders: [] });
    await expectRefused({ [awsProvider]: id }, `Identity pool - ${bare} does not have identity providers configured.`, () => bare);
    const google = await newPool({ SupportedLoginProviders: { 'accounts.google.com': 'g' } });
    await expectRefused({ 'accounts.google.com': id }, /cannot verify tokens from accounts\.google\.com/, () => google);
  });

  it('with ServerSideTokenCheck, refuses tokens of a user who signed out everywhere', async () => {
    const pool = await newPool({ CognitoIdentityProviders: [{ ProviderName: awsProvider, ClientId: clientId, ServerSideTokenCheck: true }] });
    const dave = await tokens(clientId, 'dave');
    await ci.send(new GetIdCommand({ IdentityPoolId: pool, Logins: { [awsProvider]: dave.id } }));
    await idp.send(new GlobalSignOutCommand({ AccessToken: dave.access }));
    await expectRefused({ [awsProvider]: dave.id }, 'Invalid login token. Token is revoked.', () => pool);
    // Without the check, the (still unexpired, validly signed) ID token is accepted.
    await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [awsProvider]: dave.id } }));
  });
});

describe('GetOpenIdToken', () => {
  it('signs a token for the identity with the identity key', async () => {
    const alice = await tokens(clientId, 'alice');
    const aliceId = (await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [localProvider]: alice.id } }))).IdentityId!;
    const res = await ci.send(new GetOpenIdTokenCommand({ IdentityId: aliceId, Logins: { [localProvider]: alice.id } }));
    expect(res.IdentityId).toBe(aliceId);
    const jwks = createRemoteJWKSet(new URL(`${server.url}/identity/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(res.Token!, jwks, {
      issuer: `${server.url}/identity`,
      audience: identityPoolId,
      algorithms: ['RS256'],
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.sub).toBe(aliceId);
    expect(payload.exp! - payload.iat!).toBe(600);
    const sub = decodePayload(alice.id).sub;
    expect(payload.amr).toEqual(['authenticated', localProvider, `${localProvider}:CognitoSignIn:${sub}`]);

    const guest = (await ci.send(new GetIdCommand({ IdentityPoolId: identityPoolId }))).IdentityId!;
    const guestToken = await ci.send(new GetOpenIdTokenCommand({ IdentityId: guest }));
    const guestClaims = (await jwtVerify(guestToken.Token!, jwks)).payload;
    expect(guestClaims).toMatchObject({ sub: guest, aud: identityPoolId, amr: ['unauthenticated'] });
    expect((await failure(ci.send(new GetOpenIdTokenCommand({ IdentityId: aliceId })))).name).toBe('NotAuthorizedException');
  });
});

describe('identities', () => {
  it('lists, describes, unlinks and deletes identities', async () => {
    const pool = await newPool();
    const alice = await tokens(clientId, 'alice');
    const aliceId = (await ci.send(new GetIdCommand({ IdentityPoolId: pool, Logins: { [awsProvider]: alice.id } }))).IdentityId!;
    const guests = [];
    for (let i = 0; i < 3; i++) guests.push((await ci.send(new GetIdCommand({ IdentityPoolId: pool }))).IdentityId!);
    const page1 = await ci.send(new ListIdentitiesCommand({ IdentityPoolId: pool, MaxResults: 2 }));
    expect(page1.IdentityPoolId).toBe(pool);
    expect(page1.Identities).toHaveLength(2);
    const page2 = await ci.send(new ListIdentitiesCommand({ IdentityPoolId: pool, MaxResults: 2, NextToken: page1.NextToken }));
    expect(page2.NextToken).toBeUndefined();
    const listed = [...page1.Identities!, ...page2.Identities!];
    expect(listed.map(i => i.IdentityId).sort()).toEqual([aliceId, ...guests].sort());
    expect(listed.find(i => i.IdentityId === aliceId)?.Logins).toEqual([awsProvider]);

    const deleted = await ci.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: guests }));
    expect(deleted.UnprocessedIdentityIds).toEqual([]);
    expect((await ci.send(new ListIdentitiesCommand({ IdentityPoolId: pool, MaxResults: 60 }))).Identities?.map(i => i.IdentityId)).toEqual([aliceId]);

    await ci.send(new UnlinkIdentityCommand({ IdentityId: aliceId, Logins: { [awsProvider]: alice.id }, LoginsToRemove: [awsProvider] }));
    expect((await ci.send(new ListIdentitiesCommand({ IdentityPoolId: pool, MaxResults: 60, HideDisabled: true }))).Identities).toEqual([]);
    const after = await ci.send(new GetIdCommand({ IdentityPoolId: pool, Logins: { [awsProvider]: alice.id } }));
    expect(after.IdentityId).not.toBe(aliceId);
  });

  it('deletes a pool with its identities', async () => {
    const pool = await newPool();
    const guest = (await ci.send(new GetIdCommand({ IdentityPoolId: pool }))).IdentityId!;
    await ci.send(new DeleteIdentityPoolCommand({ IdentityPoolId: pool }));
    expect((await failure(ci.send(new DescribeIdentityCommand({ IdentityId: guest })))).name).toBe('ResourceNotFoundException');
  });
});

describe('malformed input', () => {
  const target = (op: string) => `AWSCognitoIdentityService.${op}`;

  it('answers Cognito-shaped 400s', async () => {
    const badId = await call(server.url, 'GetId', { IdentityPoolId: userPoolId }, target('GetId'));
    expect(badId.status).toBe(400);
    expect(badId.headers.get('x-amzn-errortype')).toBe('ValidationException:');
    expect(badId.body).toEqual({
      __type: 'ValidationException',
      message: `1 validation error detected: Value '${userPoolId}' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+`,
    });
    const missing = await call(server.url, 'ListIdentityPools', {}, target('ListIdentityPools'));
    expect(missing.body).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
    });
    const tooMany = await call(server.url, 'ListIdentityPools', { MaxResults: 61 }, target('ListIdentityPools'));
    expect(tooMany.body.__type).toBe('ValidationException');
    const wrongType = await call(server.url, 'GetId', { IdentityPoolId: identityPoolId, Logins: 'token' }, target('GetId'));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.__type).toBe('SerializationException');
    const manyLogins = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, 't']));
    const tooManyLogins = await call(server.url, 'GetId', { IdentityPoolId: identityPoolId, Logins: manyLogins }, target('GetId'));
    expect(tooManyLogins.body.message).toContain("at 'logins' failed to satisfy constraint: Member must have length less than or equal to 10");
    const notJson = await call(server.url, 'GetId', '{', target('GetId'));
    expect(notJson.status).toBe(400);
    expect(notJson.body.__type).toBe('SerializationException');
    const proto = await call(server.url, 'GetId', `{"IdentityPoolId":"${identityPoolId}","Logins":{"__proto__":"x"}}`, target('GetId'));
    expect(proto.body).toEqual({ __type: 'NotAuthorizedException', message: 'Token is not from a supported provider of this identity pool.' });
    const noPool = await call(server.url, 'GetOpenIdTokenForDeveloperIdentity', {}, target('GetOpenIdTokenForDeveloperIdentity'));
    expect(noPool.status).toBe(400);
    expect(noPool.body.__type).toBe('ValidationException');
  });
});
