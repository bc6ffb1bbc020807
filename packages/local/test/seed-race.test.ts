import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { describe, expect, it } from 'vitest';
import { BIN, sdk, startCli, TEST_CREDENTIALS } from './helpers.js';
import { type Cli, twoProcesses } from './two-processes.js';

// Two `cognate-local start --data DIR` processes started at once on one fresh folder both seed it:
// the seed runs in one write transaction that first checks what exists, so the second finds the
// first's complete seed and serves the same state instead of failing with "already exists".

const { children, configArgs, killAll, startTwo, tempDir } = twoProcesses('seed-race');

/** What a client sees of the seeded state: pools, their clients, users and groups, and identity pools. */
async function seen(url: string) {
  const idp: CognitoIdentityProviderClient = sdk(url);
  const identity = new CognitoIdentityClient({ region: 'us-east-1', endpoint: url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const pools = (await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
  const state = [];
  for (const pool of pools.sort((a, b) => a.Id!.localeCompare(b.Id!))) {
    const clients = (await idp.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id!, MaxResults: 60 }))).UserPoolClients ?? [];
    const users = (await idp.send(new ListUsersCommand({ UserPoolId: pool.Id! }))).Users ?? [];
    const groups = (await idp.send(new ListGroupsCommand({ UserPoolId: pool.Id! }))).Groups ?? [];
    state.push({
      id: pool.Id,
      name: pool.Name,
      clients: clients.map(c => c.ClientId).sort(),
      users: users.map(u => `${u.Username}:${u.UserStatus}`).sort(),
      groups: groups.map(g => g.GroupName).sort(),
    });
  }
  const identityPools = ((await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }))).IdentityPools ?? []).map(p => p.IdentityPoolId).sort();
  return { pools: state, identityPools };
}

/** Both processes started with nothing on stderr and serve one state: that state. */
async function oneState(a: Cli, b: Cli) {
  expect(a.err()).toBe('');
  expect(b.err()).toBe('');
  const [seenA, seenB] = await Promise.all([seen(a.url), seen(b.url)]);
  expect(seenA).toEqual(seenB);
  return seenA;
}

async function signIn(url: string, clientId: string, username: string, password: string) {
  const out = await sdk(url).send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  return out.AuthenticationResult?.AccessToken;
}

describe('two processes seeding one fresh --data folder at once', () => {
  it('--demo: both start, serve the same pool, client, group, identity pool and user, and write one whole outputs file', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir();
      const outputs = join(dir, 'amplify_outputs.json');
      const [a, b] = await startTwo(['--data', join(dir, 'data'), '--demo', '--outputs', outputs, '--quiet']);
      expect(await oneState(a!, b!)).toEqual({
        pools: [
          {
            id: 'us-east-1_CognateD1',
            name: 'cognate-demo',
            clients: ['cognatedemo0000000000web01'],
            users: [expect.stringMatching(/:CONFIRMED$/)],
            groups: ['admins'],
          },
        ],
        identityPools: ['us-east-1:00000000-0000-4000-8000-00000000c0de'],
      });
      for (const { url } of [a!, b!]) {
        expect(await signIn(url, 'cognatedemo0000000000web01', 'demo@example.com', 'Passw0rd!')).toBeTruthy();
        const user = await sdk(url).send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_CognateD1', Username: 'demo@example.com' }));
        expect(user.UserAttributes?.find(x => x.Name === 'name')?.Value).toBe('Demo User');
      }
      // Both wrote the same file: it is whole (one process's, not a mix), and no temp file is left.
      const written = JSON.parse(readFileSync(outputs, 'utf8')) as { auth: { user_pool_id: string; user_pool_client_id: string; identity_pool_id: string } };
      expect(written.auth).toMatchObject({
        user_pool_id: 'us-east-1_CognateD1',
        user_pool_client_id: 'cognatedemo0000000000web01',
        identity_pool_id: 'us-east-1:00000000-0000-4000-8000-00000000c0de',
      });
      expect(readdirSync(dir).sort()).toEqual(['amplify_outputs.json', 'data']);
      expect(a!.child.exitCode).toBeNull();
      expect(b!.child.exitCode).toBeNull();
      killAll();
    }
  }, 40_000);

  it('--config: both start and serve the same seeded pools, clients, users and groups', async () => {
    const config = {
      userPools: [
        {
          Id: 'us-east-1_SeedRace1',
          PoolName: 'race',
          clients: [{ ClientId: 'seedrace00000000000000000a', ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
          groups: [{ GroupName: 'staff' }, { GroupName: 'admins' }],
          users: [
            { Username: 'alice', Password: 'Passw0rd!', Attributes: { email: 'alice@example.com' }, Groups: ['staff'] },
            { Username: 'bob', Password: 'Passw0rd!', Attributes: { email: 'bob@example.com' }, Groups: ['admins'] },
          ],
        },
      ],
      identityPools: [{ IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-00000000ace5', IdentityPoolName: 'race', AllowUnauthenticatedIdentities: true }],
    };
    for (let round = 0; round < 3; round++) {
      const [a, b] = await startTwo(configArgs(tempDir(), config));
      expect(await oneState(a!, b!)).toEqual({
        pools: [
          {
            id: 'us-east-1_SeedRace1',
            name: 'race',
            clients: ['seedrace00000000000000000a'],
            users: ['alice:CONFIRMED', 'bob:CONFIRMED'],
            groups: ['admins', 'staff'],
          },
        ],
        identityPools: ['us-east-1:00000000-0000-4000-8000-00000000ace5'],
      });
      for (const { url } of [a!, b!]) {
        for (const name of ['alice', 'bob']) expect(await signIn(url, 'seedrace00000000000000000a', name, 'Passw0rd!')).toBeTruthy();
      }
      killAll();
    }
  }, 40_000);

  it('--import with --demo: both start from the state file and the demo seed, and serve the same state', async () => {
    // The state file: a --demo folder (pool, client, user, group, identity pool, signing keys), exported.
    const source = tempDir();
    const first = await startCli(['--data', source, '--demo', '--quiet']);
    children.push(first.child);
    const { AccessToken } = (
      await sdk(first.url).send(
        new InitiateAuthCommand({
          ClientId: 'cognatedemo0000000000web01',
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!' },
        }),
      )
    ).AuthenticationResult!;
    expect(AccessToken).toBeTruthy();
    first.child.kill('SIGKILL');
    const state = join(source, 'state.json');
    execFileSync(process.execPath, [BIN, 'export', state, '--data', source]);
    for (let round = 0; round < 3; round++) {
      const dir = tempDir();
      const [a, b] = await startTwo(['--data', join(dir, 'data'), '--import', state, '--demo', '--quiet']);
      expect((await oneState(a!, b!)).pools.map(p => p.id)).toEqual(['us-east-1_CognateD1']);
      for (const { url } of [a!, b!]) expect(await signIn(url, 'cognatedemo0000000000web01', 'demo@example.com', 'Passw0rd!')).toBeTruthy();
      killAll();
    }
  }, 40_000);

  it('a seed that fails leaves nothing of itself in the --data folder, and what was there is kept', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const good = {
      userPools: [
        {
          Id: 'us-east-1_SeedKeep1',
          PoolName: 'kept',
          clients: [{ ClientId: 'seedkeep00000000000000000a', ClientName: 'web' }],
          users: [{ Username: 'carol', Password: 'Passw0rd!' }],
        },
      ],
    };
    const bad = {
      userPools: [
        ...good.userPools,
        {
          Id: 'us-east-1_SeedHalf1',
          PoolName: 'half',
          clients: [{ ClientId: 'seedhalf00000000000000000a', ClientName: 'web' }],
          users: [
            { Username: 'dave', Password: 'Passw0rd!' },
            { Username: 'erin', Password: 'short' },
          ],
        },
      ],
    };
    const records = () => {
      const file = join(dir, 'state.json');
      execFileSync(process.execPath, [BIN, 'export', file, '--data', data]);
      const { records } = JSON.parse(readFileSync(file, 'utf8')) as { records: Record<string, Record<string, unknown>> };
      return Object.fromEntries(['pool', 'client', 'user'].map(kind => [kind, Object.keys(records[kind] ?? {}).sort()]));
    };
    writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const kept = await startCli(['--data', data, '--config', join(dir, 'good.json'), '--quiet']);
    children.push(kept.child);
    kept.child.kill('SIGKILL');
    await new Promise(resolve => kept.child.once('exit', resolve));
    const before = records();
    expect(before.pool).toEqual(['us-east-1_SeedKeep1']);
    // Today's answer to a seed that cannot be applied: exit 1 naming the entry and Cognito's error.
    const failed = spawnSync(process.execPath, [BIN, 'start', '--port', '0', '--data', data, '--config', join(dir, 'bad.json'), '--quiet'], {
      encoding: 'utf8',
    });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/could not seed userPools\[1\]\.users\[1\]: InvalidPasswordException/);
    // Not the pool, its client or dave: the whole seed was rolled back.
    expect(records()).toEqual(before);
  }, 30_000);
});
