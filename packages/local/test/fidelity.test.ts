/**
 * Behaviours where cognate-local answers as Cognito documents them (issue 17), each through the
 * AWS SDK v3 over loopback: legacy ExplicitAuthFlows, "True"/"False" verified flags, the sub as the
 * generated username, deleting an address with its verified flag, and Cognito's messages.
 */
import {
  AddCustomAttributesCommand,
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  ListGroupsCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersInGroupCommand,
  AdminConfirmSignUpCommand,
  AdminDisableUserCommand,
  ConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserAttributesCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, CreateIdentityPoolCommand, ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { decodePayload, errorOf, sdk, setClock, start, TEST_CREDENTIALS } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
const PASSWORD = 'Correct-Horse-9';

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

async function newPool(extra: Record<string, unknown> = {}): Promise<string> {
  const pool = await client.send(new CreateUserPoolCommand({ PoolName: 'fidelity', ...extra }));
  return pool.UserPool!.Id!;
}

async function newClient(poolId: string, flows?: string[]): Promise<string> {
  const app = await client.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...(flows ? { ExplicitAuthFlows: flows as never } : {}) }),
  );
  return app.UserPoolClient!.ClientId!;
}

async function confirmedUser(poolId: string, username: string, attributes: Array<{ Name: string; Value: string }> = []): Promise<string> {
  const created = await client.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      TemporaryPassword: 'Temp-Passw0rd!',
      MessageAction: 'SUPPRESS',
      UserAttributes: attributes,
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  return created.User!.Username!;
}

async function srpSignIn(poolId: string, clientId: string, login: string, password: string) {
  const session = startSrpSession();
  const first = await client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: login, SRP_A: srpAToHex(session.A) } }),
  );
  const p = first.ChallengeParameters!;
  const timestamp = formatSrpTimestamp();
  const signature = await computePasswordClaimSignature({
    poolName: poolId.split('_')[1]!,
    userId: p.USER_ID_FOR_SRP!,
    password,
    session,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    timestamp,
  });
  const out = await client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP!,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      },
    }),
  );
  return out.AuthenticationResult!;
}

const refresh = (clientId: string, token: string) =>
  client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } }));

describe('ExplicitAuthFlows', () => {
  it('a client with only legacy values still signs in with SRP and refreshes, and allows what it lists', async () => {
    const poolId = await newPool();
    await confirmedUser(poolId, 'legacy');
    for (const flows of [['ADMIN_NO_SRP_AUTH'], ['USER_PASSWORD_AUTH'], ['CUSTOM_AUTH_FLOW_ONLY'], ['ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH']]) {
      const clientId = await newClient(poolId, flows);
      const tokens = await srpSignIn(poolId, clientId, 'legacy', PASSWORD);
      expect(tokens.AccessToken).toBeTruthy();
      expect((await refresh(clientId, tokens.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
      const password = client.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'legacy', PASSWORD } }),
      );
      if (flows.includes('USER_PASSWORD_AUTH')) expect((await password).AuthenticationResult?.AccessToken).toBeTruthy();
      else expect((await errorOf(password)).message).toBe('USER_PASSWORD_AUTH flow not enabled for this client');
      const admin = client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: 'ADMIN_NO_SRP_AUTH',
          AuthParameters: { USERNAME: 'legacy', PASSWORD },
        }),
      );
      if (flows.includes('ADMIN_NO_SRP_AUTH')) expect((await admin).AuthenticationResult?.AccessToken).toBeTruthy();
      else expect((await errorOf(admin)).name).toBe('InvalidParameterException');
    }
  });

  it('ALLOW_ lists work as listed, the default is SRP + custom + refresh, and mixing legacy with ALLOW_ values is refused', async () => {
    const poolId = await newPool();
    await confirmedUser(poolId, 'modern');
    const passwordOnly = await newClient(poolId, ['ALLOW_USER_PASSWORD_AUTH']);
    const srp = await errorOf(srpSignIn(poolId, passwordOnly, 'modern', PASSWORD));
    expect([srp.name, srp.message]).toEqual(['InvalidParameterException', 'USER_SRP_AUTH flow not enabled for this client']);
    const signedIn = await client.send(
      new InitiateAuthCommand({ ClientId: passwordOnly, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'modern', PASSWORD } }),
    );
    expect((await errorOf(refresh(passwordOnly, signedIn.AuthenticationResult!.RefreshToken!))).message).toBe(
      'REFRESH_TOKEN_AUTH flow not enabled for this client',
    );
    const byDefault = await newClient(poolId);
    const tokens = await srpSignIn(poolId, byDefault, 'modern', PASSWORD);
    expect((await refresh(byDefault, tokens.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
    const mixed = await errorOf(newClient(poolId, ['ALLOW_USER_SRP_AUTH', 'USER_PASSWORD_AUTH']));
    expect(mixed.name).toBe('InvalidParameterException');
    expect(mixed.message).toMatch(/ALLOW_/);
  });
});

describe('email_verified / phone_number_verified written as "True" / "False"', () => {
  it('AdminCreateUser and AdminUpdateUserAttributes accept any case and store "true" / "false"', async () => {
    const poolId = await newPool();
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'flags',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'flags@example.com' },
          { Name: 'email_verified', Value: 'True' },
          { Name: 'phone_number', Value: '+15555550100' },
          { Name: 'phone_number_verified', Value: 'FALSE' },
        ],
      }),
    );
    const attrs = async () =>
      Object.fromEntries((await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'flags' }))).UserAttributes!.map(a => [a.Name, a.Value]));
    expect(await attrs()).toMatchObject({ email_verified: 'true', phone_number_verified: 'false' });
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'flags',
        UserAttributes: [
          { Name: 'email_verified', Value: 'fAlSe' },
          { Name: 'phone_number_verified', Value: 'tRUE' },
        ],
      }),
    );
    expect(await attrs()).toMatchObject({ email_verified: 'false', phone_number_verified: 'true' });
    const bad = await errorOf(
      client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'flags', UserAttributes: [{ Name: 'email_verified', Value: 'yes' }] })),
    );
    expect(bad.name).toBe('InvalidParameterException');
  });

  it('SignUp and UpdateUserAttributes accept "True" without error (and do not let a user verify themselves)', async () => {
    const poolId = await newPool();
    const clientId = await newClient(poolId, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    await client.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'selfie',
        Password: PASSWORD,
        UserAttributes: [
          { Name: 'email', Value: 'selfie@example.com' },
          { Name: 'email_verified', Value: 'True' },
        ],
      }),
    );
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'selfie' }));
    const tokens = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'selfie', PASSWORD } }),
    );
    const accessToken = tokens.AuthenticationResult!.AccessToken!;
    await client.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'email_verified', Value: 'TRUE' }] }));
    const me = Object.fromEntries((await client.send(new GetUserCommand({ AccessToken: accessToken }))).UserAttributes!.map(a => [a.Name, a.Value]));
    expect(me.email_verified).not.toBe('true');
  });
});

describe('UsernameAttributes: the generated username is the sub', () => {
  it('SignUp, AdminCreateUser, ListUsers and the tokens agree', async () => {
    const poolId = await newPool({ UsernameAttributes: ['email'] });
    const clientId = await newClient(poolId, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    const signedUp = await client.send(new SignUpCommand({ ClientId: clientId, Username: 'ann@example.com', Password: PASSWORD }));
    const created = await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bob@example.com', MessageAction: 'SUPPRESS' }));
    const bobSub = created.User!.Attributes!.find(a => a.Name === 'sub')!.Value!;
    expect(created.User!.Username).toBe(bobSub);
    const users = (await client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users!;
    for (const user of users) expect(user.Username).toBe(user.Attributes!.find(a => a.Name === 'sub')!.Value);
    expect(users.map(u => u.Username).sort()).toEqual([signedUp.UserSub!, bobSub].sort());
    await confirmedUser(poolId, 'cy@example.com');
    const tokens = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cy@example.com', PASSWORD } }),
    );
    const id = decodePayload(tokens.AuthenticationResult!.IdToken!);
    const access = decodePayload(tokens.AuthenticationResult!.AccessToken!);
    expect(id['cognito:username']).toBe(id.sub);
    expect(access.username).toBe(access.sub);
  });
});

describe('deleting an email or phone number', () => {
  it('AdminDeleteUserAttributes and DeleteUserAttributes both drop the *_verified flag with its attribute', async () => {
    const poolId = await newPool();
    const clientId = await newClient(poolId, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    const attributes = [
      { Name: 'email', Value: 'gone@example.com' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'phone_number', Value: '+15555550101' },
      { Name: 'phone_number_verified', Value: 'true' },
    ];
    await confirmedUser(poolId, 'admin-side', attributes);
    await confirmedUser(
      poolId,
      'user-side',
      attributes.map(a => (a.Name === 'email' ? { ...a, Value: 'gone2@example.com' } : a.Name === 'phone_number' ? { ...a, Value: '+15555550102' } : a)),
    );
    await client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'admin-side', UserAttributeNames: ['email', 'phone_number'] }));
    const tokens = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'user-side', PASSWORD } }),
    );
    await client.send(
      new DeleteUserAttributesCommand({ AccessToken: tokens.AuthenticationResult!.AccessToken!, UserAttributeNames: ['email', 'phone_number'] }),
    );
    for (const username of ['admin-side', 'user-side']) {
      const names = (await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes!.map(a => a.Name);
      expect(names).not.toContain('email');
      expect(names).not.toContain('email_verified');
      expect(names).not.toContain('phone_number_verified');
    }
  });
});

describe('CreateUserPool Schema: what Cognito refuses', () => {
  const refused = async (schema: unknown[]) => errorOf(client.send(new CreateUserPoolCommand({ PoolName: 'schema', Schema: schema as never })));

  it('refuses a custom attribute without a data type, a standard attribute retyped or developer-only, and bad bounds', async () => {
    const noType = await refused([{ Name: 'tenant' }]);
    expect([noType.name, noType.message]).toEqual([
      'InvalidParameterException',
      'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.',
    ]);
    expect((await refused([{ Name: 'email', AttributeDataType: 'Number' }])).message).toBe(
      'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.',
    );
    expect((await refused([{ Name: 'email', AttributeDataType: 'String', DeveloperOnlyAttribute: true }])).name).toBe('InvalidParameterException');
    for (const bounds of [{ MaxLength: 'ten' }, { MinLength: '-1' }, { MaxLength: '2049' }, { MinLength: '10', MaxLength: '5' }]) {
      const error = await refused([{ Name: 'bio', AttributeDataType: 'String', StringAttributeConstraints: bounds }]);
      expect(error.name, JSON.stringify(bounds)).toBe('InvalidParameterException');
    }
    for (const bounds of [{ MinValue: 'low' }, { MinValue: '10', MaxValue: '1' }]) {
      const error = await refused([{ Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: bounds }]);
      expect(error.name, JSON.stringify(bounds)).toBe('InvalidParameterException');
    }
    expect((await refused([{ Name: 'tier', AttributeDataType: 'String', Required: true }])).message).toBe(
      'Required custom attributes are not supported currently.',
    );
    const dup = await refused([
      { Name: 'tier', AttributeDataType: 'String' },
      { Name: 'tier', AttributeDataType: 'Number' },
    ]);
    expect(dup.message).toBe('custom:tier: Existing attribute already has name custom:tier.');
  });

  it('names developer-only attributes dev:custom:<name> and keeps valid bounds; UpdateUserPool leaves the schema alone', async () => {
    const poolId = await newPool({
      Schema: [
        { Name: 'given_name', AttributeDataType: 'String', Required: true, StringAttributeConstraints: { MinLength: '2', MaxLength: '50' } },
        { Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true },
        { Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '150' } },
      ],
    });
    const schema = async () => (await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.SchemaAttributes!;
    const before = await schema();
    expect(before.find(a => a.Name === 'given_name')).toMatchObject({ Required: true, StringAttributeConstraints: { MinLength: '2', MaxLength: '50' } });
    expect(before.find(a => a.Name === 'dev:custom:secret')).toMatchObject({ DeveloperOnlyAttribute: true, AttributeDataType: 'String' });
    expect(before.find(a => a.Name === 'custom:age')).toMatchObject({ NumberAttributeConstraints: { MinValue: '0', MaxValue: '150' } });
    await client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF' }));
    expect(await schema()).toEqual(before);
  });

  it('developer-only attributes are written by admin calls only', async () => {
    const poolId = await newPool({ Schema: [{ Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] });
    const clientId = await newClient(poolId, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    const signUp = await errorOf(
      client.send(new SignUpCommand({ ClientId: clientId, Username: 'dev1', Password: PASSWORD, UserAttributes: [{ Name: 'dev:custom:secret', Value: 'x' }] })),
    );
    expect([signUp.name, signUp.message]).toEqual(['NotAuthorizedException', 'A client attempted to write unauthorized attribute']);
    await confirmedUser(poolId, 'dev2', [{ Name: 'dev:custom:secret', Value: 'set-by-admin' }]);
    const tokens = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dev2', PASSWORD } }),
    );
    const accessToken = tokens.AuthenticationResult!.AccessToken!;
    const update = await errorOf(
      client.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'dev:custom:secret', Value: 'mine' }] })),
    );
    expect(update.name).toBe('NotAuthorizedException');
    await client.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'dev2', UserAttributes: [{ Name: 'dev:custom:secret', Value: 'rotated' }] }),
    );
    const me = (await client.send(new GetUserCommand({ AccessToken: accessToken }))).UserAttributes!;
    expect(me.find(a => a.Name === 'dev:custom:secret')?.Value).toBe('rotated');
  });
});

describe('AddCustomAttributes', () => {
  it('appends custom: attributes that DescribeUserPool shows and AdminUpdateUserAttributes can set', async () => {
    const poolId = await newPool({ Schema: [{ Name: 'tier', AttributeDataType: 'String' }] });
    await client.send(
      new AddCustomAttributesCommand({
        UserPoolId: poolId,
        CustomAttributes: [
          { Name: 'plan', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '15' } },
          { Name: 'seats', AttributeDataType: 'Number' },
        ],
      }),
    );
    const names = (await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.SchemaAttributes!.map(a => a.Name);
    expect(names.filter(n => n!.startsWith('custom:'))).toEqual(['custom:tier', 'custom:plan', 'custom:seats']);
    await confirmedUser(poolId, 'payer');
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'payer',
        UserAttributes: [
          { Name: 'custom:plan', Value: 'gold' },
          { Name: 'custom:seats', Value: '12' },
        ],
      }),
    );
    const attrs = (await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'payer' }))).UserAttributes!;
    expect(Object.fromEntries(attrs.map(a => [a.Name, a.Value]))).toMatchObject({ 'custom:plan': 'gold', 'custom:seats': '12' });
    const tooLong = await errorOf(
      client.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'payer', UserAttributes: [{ Name: 'custom:plan', Value: 'x'.repeat(16) }] }),
      ),
    );
    expect(tooLong.name).toBe('InvalidParameterException');
  });

  it('refuses duplicates (in the request or already in the pool), bad names, bad schemas and more than 50 custom attributes', async () => {
    const poolId = await newPool({ Schema: [{ Name: 'tier', AttributeDataType: 'String' }] });
    const add = (attributes: unknown[]) => errorOf(client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: attributes as never })));
    expect((await add([{ Name: 'tier', AttributeDataType: 'String' }])).message).toBe('custom:tier: Existing attribute already has name custom:tier.');
    expect(
      (
        await add([
          { Name: 'a', AttributeDataType: 'String' },
          { Name: 'a', AttributeDataType: 'String' },
        ])
      ).message,
    ).toBe('custom:a: Existing attribute already has name custom:a.');
    expect((await add([{ Name: 'x'.repeat(21), AttributeDataType: 'String' }])).name).toBe('InvalidParameterException');
    expect((await add([{ Name: 'untyped' }])).message).toBe('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
    expect((await add([{ Name: 'len', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '4096' } }])).name).toBe(
      'InvalidParameterException',
    );
    expect((await add([])).name).toBe('InvalidParameterException');
    const batch = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ Name: `extra${from + i}`, AttributeDataType: 'String' as const }));
    await client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: batch(0, 25) }));
    await client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: batch(25, 24) }));
    const over = await add(batch(49, 1));
    expect(over.name).toBe('InvalidParameterException');
    const schema = (await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.SchemaAttributes!;
    expect(schema.filter(a => a.Name!.startsWith('custom:'))).toHaveLength(50);
  });
});

describe('paging the List* operations', () => {
  /** Every page of a listing, through the tokens it hands out; checks each page's size. */
  async function walk<T>(fetchPage: (token?: string) => Promise<{ items: T[]; token?: string }>, size: number): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await fetchPage(token);
      expect(page.items.length).toBeLessThanOrEqual(size);
      all.push(...page.items);
      token = page.token;
      if (!token) return all;
      expect(page.items.length).toBe(size);
    }
    throw new Error('the listing never ended');
  }

  it('pages users, groups, members, clients, resource servers and identity providers with opaque tokens', async () => {
    const poolId = await newPool();
    for (let i = 0; i < 5; i++) {
      await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: `user${i}`, MessageAction: 'SUPPRESS' }));
      await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: `group${i}` }));
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'user0', GroupName: `group${i}` }));
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: `user${i}`, GroupName: 'group0' }));
      await newClient(poolId);
      await client.send(
        new CreateResourceServerCommand({
          UserPoolId: poolId,
          Identifier: `https://api${i}.example.com`,
          Name: `api${i}`,
          Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }],
        }),
      );
      await client.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: `oidc${i}`,
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: 'x',
            client_secret: 'y',
            attributes_request_method: 'GET',
            oidc_issuer: 'https://issuer.example.com',
            authorize_scopes: 'openid',
          },
        }),
      );
    }
    const users = await walk(async token => {
      const out = await client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: token }));
      if (out.PaginationToken) expect(out.PaginationToken).not.toMatch(/user/);
      return { items: out.Users!.map(u => u.Username!), token: out.PaginationToken };
    }, 2);
    expect(users).toEqual(['user0', 'user1', 'user2', 'user3', 'user4']);
    const groups = await walk(async token => {
      const out = await client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2, NextToken: token }));
      return { items: out.Groups!.map(g => g.GroupName!), token: out.NextToken };
    }, 2);
    expect(groups).toHaveLength(5);
    const mine = await walk(async token => {
      const out = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'user0', Limit: 3, NextToken: token }));
      return { items: out.Groups!.map(g => g.GroupName!), token: out.NextToken };
    }, 3);
    expect(mine).toHaveLength(5);
    const members = await walk(async token => {
      const out = await client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'group0', Limit: 4, NextToken: token }));
      return { items: out.Users!.map(u => u.Username!), token: out.NextToken };
    }, 4);
    expect(members).toHaveLength(5);
    const clients = await walk(async token => {
      const out = await client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: token }));
      return { items: out.UserPoolClients!.map(c => c.ClientId!), token: out.NextToken };
    }, 2);
    expect(new Set(clients).size).toBe(5);
    const servers = await walk(async token => {
      const out = await client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: token }));
      return { items: out.ResourceServers!.map(r => r.Identifier!), token: out.NextToken };
    }, 2);
    expect(servers).toEqual([0, 1, 2, 3, 4].map(i => `https://api${i}.example.com`));
    const providers = await walk(async token => {
      const out = await client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: token }));
      return { items: out.Providers!.map(p => p.ProviderName!), token: out.NextToken };
    }, 2);
    expect(providers).toEqual(['oidc0', 'oidc1', 'oidc2', 'oidc3', 'oidc4']);
    // Without a page size, each answers in one page.
    expect((await client.send(new ListResourceServersCommand({ UserPoolId: poolId }))).ResourceServers).toHaveLength(5);
  });

  it('refuses page sizes out of range and tokens it did not issue for that listing', async () => {
    const poolId = await newPool();
    const other = await newPool();
    for (let i = 0; i < 3; i++) await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: `u${i}`, MessageAction: 'SUPPRESS' }));
    for (let i = 0; i < 3; i++) await client.send(new AdminCreateUserCommand({ UserPoolId: other, Username: `u${i}`, MessageAction: 'SUPPRESS' }));
    const outOfRange = [
      () => client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 61 })),
      () => client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 51 })),
      () => client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 0 })),
      () => client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 61 })),
      () => client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 61 })),
      () => client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 })),
      () => client.send(new ListUserPoolsCommand({ MaxResults: 61 })),
    ];
    for (const call of outOfRange) {
      const error = await errorOf(call());
      expect(error.name).toBe('InvalidParameterException');
      expect(error.message).toMatch(
        /^1 validation error detected: Value '\d+' at '(limit|maxResults)' failed to satisfy constraint: Member must have value (less|greater) than or equal to \d+$/,
      );
    }
    const first = await client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1 }));
    expect(first.PaginationToken).toBeTruthy();
    for (const token of ['garbage', 'u0', first.PaginationToken!.slice(0, -2)]) {
      const error = await errorOf(client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1, PaginationToken: token })));
      expect([error.name, error.message]).toEqual(['InvalidParameterException', `Paging marker ${token} is invalid for request.`]);
    }
    const elsewhere = await errorOf(client.send(new ListUsersCommand({ UserPoolId: other, Limit: 1, PaginationToken: first.PaginationToken })));
    expect(elsewhere.name).toBe('InvalidParameterException');
    const groups = await errorOf(client.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: first.PaginationToken })));
    expect(groups.name).toBe('InvalidParameterException');
  });

  it('ListUserPools and ListIdentityPools page with MaxResults (required) and NextToken', async () => {
    for (let i = 0; i < 3; i++) await newPool();
    const pools = await walk(async token => {
      const out = await client.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }));
      return { items: out.UserPools!.map(p => p.Id!), token: out.NextToken };
    }, 2);
    expect(new Set(pools).size).toBe(pools.length);
    expect(pools.length).toBeGreaterThanOrEqual(3);
    const identity = new CognitoIdentityClient({ region: 'us-east-1', endpoint: server.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `pool${i}`, AllowUnauthenticatedIdentities: true }));
      }
      const ids = await walk(async token => {
        const out = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 2, NextToken: token }));
        return { items: out.IdentityPools!.map(p => p.IdentityPoolId!), token: out.NextToken };
      }, 2);
      expect(new Set(ids).size).toBe(3);
      const bad = await errorOf(identity.send(new ListIdentityPoolsCommand({ MaxResults: 2, NextToken: 'not-a-token' })));
      expect(bad.name).toBe('InvalidParameterException');
      const missing = await errorOf(identity.send(new ListIdentityPoolsCommand({} as never)));
      expect(missing.message).toMatch(/at 'maxResults' failed to satisfy constraint: Member must not be null/);
    } finally {
      identity.destroy();
    }
  });
});

describe("Cognito's wording for the common errors", () => {
  it('sign-in, confirmation and session errors carry the messages test suites match on', async () => {
    const local = await start();
    const api = sdk(local.url);
    try {
      await setClock(local.url, { frozen: true });
      const poolId = (await api.send(new CreateUserPoolCommand({ PoolName: 'messages' }))).UserPool!.Id!;
      const clientId = (
        await api.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'app',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient!.ClientId!;
      const signIn = (USERNAME: string, password: string) =>
        errorOf(api.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: password } })));
      const said = async (p: Promise<Error>) => {
        const e = await p;
        return [e.name, e.message];
      };
      for (const name of ['ok', 'off', 'locked']) {
        await api.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: 'SUPPRESS' }));
        await api.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }));
      }
      expect(await said(signIn('ok', 'Wrong-Passw0rd!'))).toEqual(['NotAuthorizedException', 'Incorrect username or password.']);
      expect(await said(signIn('nobody', PASSWORD))).toEqual(['UserNotFoundException', 'User does not exist.']);
      await api.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'off' }));
      expect(await said(signIn('off', PASSWORD))).toEqual(['NotAuthorizedException', 'User is disabled.']);
      for (let i = 0; i < 5; i++) await signIn('locked', 'Wrong-Passw0rd!');
      expect(await said(signIn('locked', PASSWORD))).toEqual(['NotAuthorizedException', 'Password attempts exceeded']);
      await api.send(new SignUpCommand({ ClientId: clientId, Username: 'fresh', Password: PASSWORD }));
      expect(await said(signIn('fresh', PASSWORD))).toEqual(['UserNotConfirmedException', 'User is not confirmed.']);
      expect(await said(errorOf(api.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'fresh', ConfirmationCode: '000000' }))))).toEqual([
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      ]);
      const session = errorOf(
        api.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: 'x'.repeat(40),
            ChallengeResponses: { USERNAME: 'ok', NEW_PASSWORD: PASSWORD },
          }),
        ),
      );
      expect((await said(session))[0]).toBe('NotAuthorizedException');
      expect((await session).message).toMatch(/^Invalid session for the user/);
    } finally {
      api.destroy();
      await local.close();
    }
  });
});
