/**
 * Identity pools from the seed config (`identityPools`), the demo config and the CLI's
 * amplify_outputs.json, and identities that survive a restart with `--data`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEMO_CONFIG, type LocalConfig } from '../src/index.js';
import { identityJwks } from '../src/identity/openid.js';
import { call, resetLocal, start, startCli } from './helpers.js';

const DEMO_IDENTITY_POOL = 'us-east-1:00000000-0000-4000-8000-00000000c0de';
const dir = mkdtempSync(join(tmpdir(), 'cognate-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const identity = (url: string, op: string, body: unknown) => call(url, op, body, `AWSCognitoIdentityService.${op}`);

async function idToken(url: string, clientId: string, username: string, password: string): Promise<string> {
  const res = await call(url, 'InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return res.body.AuthenticationResult.IdToken;
}

const providerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).iss.replace(/^https?:\/\//, '');

it('the demo config seeds a guest-enabled identity pool linked to the demo client, and a reset brings it back', async () => {
  const server = await start({ config: DEMO_CONFIG });
  try {
    const described = await identity(server.url, 'DescribeIdentityPool', { IdentityPoolId: DEMO_IDENTITY_POOL });
    expect(described.body).toMatchObject({
      IdentityPoolId: DEMO_IDENTITY_POOL,
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [
        { ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_CognateD1', ClientId: 'cognatedemo0000000000web01', ServerSideTokenCheck: false },
      ],
    });
    const token = await idToken(server.url, 'cognatedemo0000000000web01', 'demo@example.com', 'Passw0rd!');
    const id = await identity(server.url, 'GetId', { IdentityPoolId: DEMO_IDENTITY_POOL, Logins: { [providerOf(token)]: token } });
    expect(id.body.IdentityId).toMatch(/^us-east-1:/);
    // The demo pool has both roles, as a real pool that issues credentials has: guests and users get credentials for theirs.
    const session = (token: string) => JSON.parse(Buffer.from(token.slice('IQoJb3JpZ2luX2VjE'.length).split('.')[0]!, 'base64url').toString('utf8'));
    const userCreds = await identity(server.url, 'GetCredentialsForIdentity', { IdentityId: id.body.IdentityId, Logins: { [providerOf(token)]: token } });
    expect(session(userCreds.body.Credentials.SessionToken).roleArn).toBe('arn:aws:iam::000000000000:role/cognate-local-demo-authenticated');
    const guest = await identity(server.url, 'GetId', { IdentityPoolId: DEMO_IDENTITY_POOL });
    const guestCreds = await identity(server.url, 'GetCredentialsForIdentity', { IdentityId: guest.body.IdentityId });
    expect(session(guestCreds.body.Credentials.SessionToken).roleArn).toBe('arn:aws:iam::000000000000:role/cognate-local-demo-unauthenticated');

    await server.local.seed(DEMO_CONFIG);
    expect((await identity(server.url, 'ListIdentityPools', { MaxResults: 60 })).body.IdentityPools).toHaveLength(1);
    await resetLocal(server.url);
    expect((await identity(server.url, 'DescribeIdentity', { IdentityId: id.body.IdentityId })).body.__type).toBe('ResourceNotFoundException');
    expect((await identity(server.url, 'DescribeIdentityPool', { IdentityPoolId: DEMO_IDENTITY_POOL })).status).toBe(200);
  } finally {
    await server.close();
  }
});

it('seeds by name, links chosen user pools, takes explicit providers and roles, and reports bad entries', async () => {
  const config: LocalConfig = {
    userPools: [
      {
        Id: 'us-east-1_SeedOne01',
        PoolName: 'one',
        clients: [
          { ClientId: 'seedoneclient0000000000001', ClientName: 'a' },
          { ClientId: 'seedoneclient0000000000002', ClientName: 'b' },
        ],
      },
      { Id: 'us-east-1_SeedTwo01', PoolName: 'two', clients: [{ ClientId: 'seedtwoclient0000000000001', ClientName: 'c' }] },
    ],
    identityPools: [
      { IdentityPoolName: 'all' },
      {
        IdentityPoolName: 'only-two',
        userPools: ['us-east-1_SeedTwo01'],
        AllowUnauthenticatedIdentities: true,
        Roles: { authenticated: 'arn:aws:iam::000000000000:role/auth' },
      },
      {
        IdentityPoolName: 'explicit',
        CognitoIdentityProviders: [{ ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_SeedOne01', ClientId: 'seedoneclient0000000000002' }],
      },
    ],
  };
  const server = await start({ config });
  try {
    await server.local.seed(config);
    const { body } = await identity(server.url, 'ListIdentityPools', { MaxResults: 60 });
    expect(body.IdentityPools).toHaveLength(3);
    const byName = async (name: string) => {
      const id = body.IdentityPools.find((p: { IdentityPoolName: string }) => p.IdentityPoolName === name).IdentityPoolId;
      return (await identity(server.url, 'DescribeIdentityPool', { IdentityPoolId: id })).body;
    };
    const clients = (pool: { CognitoIdentityProviders: Array<{ ClientId: string }> }) => pool.CognitoIdentityProviders.map(p => p.ClientId).sort();
    const all = await byName('all');
    expect(all.AllowUnauthenticatedIdentities).toBe(false);
    expect(clients(all)).toEqual(['seedoneclient0000000000001', 'seedoneclient0000000000002', 'seedtwoclient0000000000001']);
    const two = await byName('only-two');
    expect(clients(two)).toEqual(['seedtwoclient0000000000001']);
    expect((await identity(server.url, 'GetIdentityPoolRoles', { IdentityPoolId: two.IdentityPoolId })).body.Roles).toEqual({
      authenticated: 'arn:aws:iam::000000000000:role/auth',
    });
    expect(clients(await byName('explicit'))).toEqual(['seedoneclient0000000000002']);

    await expect(server.local.seed({ identityPools: [{ IdentityPoolName: 'bad/name' }] })).rejects.toThrow(/^config identityPools\[0\]: ValidationException: /);
  } finally {
    await server.close();
  }
});

it('keeps identities and the OpenID signing key across a restart with --data', async () => {
  const config: LocalConfig = {
    userPools: [
      {
        Id: 'us-east-1_Durable02',
        PoolName: 'durable',
        clients: [{ ClientId: 'durableclient0000000000002', ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
        users: [{ Username: 'dora', Password: 'Passw0rd!' }],
      },
    ],
    identityPools: [
      {
        IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-0000000d0a7a',
        IdentityPoolName: 'durable',
        AllowUnauthenticatedIdentities: true,
        Roles: { authenticated: 'arn:aws:iam::000000000000:role/durable-auth', unauthenticated: 'arn:aws:iam::000000000000:role/durable-guest' },
      },
    ],
  };
  const dataDir = join(dir, 'data');
  const login = async (url: string) => {
    const token = await idToken(url, 'durableclient0000000000002', 'dora', 'Passw0rd!');
    return { [providerOf(token)]: token };
  };
  const first = await start({ config, dataDir });
  const logins = await login(first.url);
  const userId = (await identity(first.url, 'GetId', { IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-0000000d0a7a', Logins: logins })).body.IdentityId;
  const guestId = (await identity(first.url, 'GetId', { IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-0000000d0a7a' })).body.IdentityId;
  await identity(first.url, 'GetOpenIdToken', { IdentityId: guestId });
  const kid = identityJwks(first.local.services).keys[0]!.kid;
  await first.close();

  const second = await start({ config, dataDir });
  try {
    expect(
      (await identity(second.url, 'GetId', { IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-0000000d0a7a', Logins: await login(second.url) })).body
        .IdentityId,
    ).toBe(userId);
    // The token issued before the restart is still accepted (same pool keys).
    expect((await identity(second.url, 'GetCredentialsForIdentity', { IdentityId: userId, Logins: logins })).status).toBe(200);
    expect((await identity(second.url, 'GetCredentialsForIdentity', { IdentityId: guestId })).body.IdentityId).toBe(guestId);
    await identity(second.url, 'GetOpenIdToken', { IdentityId: guestId });
    expect(identityJwks(second.local.services).keys[0]!.kid).toBe(kid);
  } finally {
    await second.close();
  }
});

it('start --demo --outputs writes identity_pool_id and prints identityPoolEndpoint', async () => {
  const outputs = join(dir, 'amplify_outputs.json');
  const { child, url, out } = await startCli(['--demo', '--outputs', outputs, '--in-memory']);
  try {
    expect(out).toContain(`"identityPoolId": "${DEMO_IDENTITY_POOL}",\n        "identityPoolEndpoint": "${url}",\n        "allowGuestAccess": true`);
    expect(out).toContain(
      `new CognitoIdentityClient({ region: 'us-east-1', endpoint: '${url}', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })`,
    );
    const config = JSON.parse(readFileSync(outputs, 'utf8'));
    expect(config.auth).toMatchObject({ identity_pool_id: DEMO_IDENTITY_POOL, unauthenticated_identities_enabled: true, user_pool_id: 'us-east-1_CognateD1' });
    expect((await identity(url, 'GetId', { IdentityPoolId: config.auth.identity_pool_id })).body.IdentityId).toMatch(/^us-east-1:/);
  } finally {
    child.kill('SIGTERM');
  }
});
