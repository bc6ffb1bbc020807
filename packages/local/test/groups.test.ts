/**
 * User-pool groups through the AWS SDK: the nine group operations with Cognito's errors and
 * pagination, the claims members get (`cognito:groups` in both tokens, `cognito:roles` and
 * `cognito:preferred_role` in the ID token by Precedence), membership changes showing in the next
 * refresh, deletions of groups and users taking their memberships along, and the pre token
 * generation trigger seeing and overriding the groups.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteGroupCommand,
  DeleteUserPoolCommand,
  GetGroupCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { decodePayload, errorOf, sdk, start } from './helpers.js';

const PASSWORD = 'Passw0rd!';
const ADMIN_ROLE = 'arn:aws:iam::123456789012:role/admins';
const EDITOR_ROLE = 'arn:aws:iam::123456789012:role/editors';
const READER_ROLE = 'arn:aws:iam::123456789012:role/readers';
const dir = mkdtempSync(join(tmpdir(), 'cognate-groups-'));

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

async function createUser(pool: string, username: string): Promise<void> {
  await client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: username, MessageAction: 'SUPPRESS' }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: username, Password: PASSWORD, Permanent: true }));
}

async function signIn(id: string, username: string) {
  const out = await client.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
  const result = out.AuthenticationResult!;
  return { access: decodePayload(result.AccessToken!), id: decodePayload(result.IdToken!), refreshToken: result.RefreshToken! };
}

const add = (username: string, group: string, pool = poolId) =>
  client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: username, GroupName: group }));

beforeAll(async () => {
  server = await start({ triggerBaseDir: dir });
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'groups' }))).UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    )
  ).UserPoolClient!.ClientId!;
  for (const name of ['ada', 'bob', 'cy', 'dee']) await createUser(poolId, name);
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('group records', () => {
  it('CreateGroup, GetGroup, UpdateGroup (only the given fields), and Cognito errors', async () => {
    const created = (
      await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Description: 'Full access', RoleArn: ADMIN_ROLE, Precedence: 1 }))
    ).Group!;
    expect(created).toMatchObject({ GroupName: 'admins', UserPoolId: poolId, Description: 'Full access', RoleArn: ADMIN_ROLE, Precedence: 1 });
    expect(created.CreationDate).toBeInstanceOf(Date);
    expect(created.LastModifiedDate).toBeInstanceOf(Date);

    const duplicate = await errorOf(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' })));
    expect([duplicate.name, duplicate.message]).toEqual(['GroupExistsException', 'A group with the name already exists.']);

    const missing = await errorOf(client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'nobody' })));
    expect([missing.name, missing.message]).toEqual(['ResourceNotFoundException', 'Group not found.']);
    expect((await errorOf(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'x', RoleArn: 'not-an-arn-at-all-really' })))).name).toBe(
      'InvalidParameterException',
    );
    expect((await errorOf(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'x', Precedence: -1 })))).name).toBe('InvalidParameterException');
    expect((await errorOf(client.send(new CreateGroupCommand({ UserPoolId: 'us-east-1_Nope12345', GroupName: 'x' })))).name).toBe('ResourceNotFoundException');

    const updated = (await client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 0 }))).Group!;
    expect(updated).toMatchObject({ Description: 'Full access', RoleArn: ADMIN_ROLE, Precedence: 0 });
    expect((await client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).Group).toMatchObject({
      Precedence: 0,
      Description: 'Full access',
    });
  });

  it('ListGroups pages in name order with Limit and NextToken', async () => {
    await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', RoleArn: EDITOR_ROLE, Precedence: 5 }));
    await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', RoleArn: READER_ROLE, Precedence: 5 }));
    await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'beta/testers' }));
    const first = await client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 3 }));
    expect(first.Groups!.map(g => g.GroupName)).toEqual(['admins', 'beta/testers', 'editors']);
    expect(first.NextToken).toEqual(expect.stringMatching(/\S/));
    const second = await client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 3, NextToken: first.NextToken }));
    expect(second.Groups!.map(g => g.GroupName)).toEqual(['readers']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('members and their tokens', () => {
  it('adds users to groups; unknown users and groups are refused with Cognito errors', async () => {
    await add('ada', 'editors');
    await add('ada', 'admins');
    await add('ada', 'admins'); // again: no error, no duplicate
    await add('ada', 'beta/testers');
    await add('bob', 'editors');
    await add('bob', 'readers');
    const noUser = await errorOf(add('zed', 'admins'));
    expect([noUser.name, noUser.message]).toEqual(['UserNotFoundException', 'User does not exist.']);
    const noGroup = await errorOf(add('ada', 'nobody'));
    expect([noGroup.name, noGroup.message]).toEqual(['ResourceNotFoundException', 'Group not found.']);

    const groups = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ada' }));
    expect(groups.Groups!.map(g => g.GroupName)).toEqual(['admins', 'beta/testers', 'editors']);
    const page1 = await client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'editors', Limit: 1 }));
    expect(page1.Users!.map(u => u.Username)).toEqual(['ada']);
    const page2 = await client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'editors', Limit: 1, NextToken: page1.NextToken }));
    expect(page2.Users!.map(u => u.Username)).toEqual(['bob']);
    expect(page2.Users![0]).toMatchObject({ Enabled: true, UserStatus: 'CONFIRMED' });
    expect(page2.NextToken).toBeUndefined();
  });

  it('members get cognito:groups by Precedence; the ID token adds cognito:roles and the preferred role', async () => {
    const ada = await signIn(clientId, 'ada');
    expect(ada.access['cognito:groups']).toEqual(['admins', 'editors', 'beta/testers']);
    expect(ada.id['cognito:groups']).toEqual(['admins', 'editors', 'beta/testers']);
    expect(ada.id['cognito:roles']).toEqual([ADMIN_ROLE, EDITOR_ROLE]);
    expect(ada.id['cognito:preferred_role']).toBe(ADMIN_ROLE);
    expect(ada.access['cognito:roles']).toBeUndefined();

    // Two groups at the same Precedence with different roles: neither role is preferred.
    const bob = await signIn(clientId, 'bob');
    expect(bob.id['cognito:groups']).toEqual(['editors', 'readers']);
    expect(bob.id['cognito:roles']).toEqual([EDITOR_ROLE, READER_ROLE]);
    expect(bob.id['cognito:preferred_role']).toBeUndefined();

    // No groups: no group claims at all.
    const cy = await signIn(clientId, 'cy');
    for (const claim of ['cognito:groups', 'cognito:roles', 'cognito:preferred_role']) {
      expect(cy.access[claim], claim).toBeUndefined();
      expect(cy.id[claim], claim).toBeUndefined();
    }
  });

  it('a membership change shows in the next refresh', async () => {
    const { refreshToken } = await signIn(clientId, 'dee');
    await add('dee', 'readers');
    const refreshed = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }));
    expect(decodePayload(refreshed.AuthenticationResult!.AccessToken!)['cognito:groups']).toEqual(['readers']);
    expect(decodePayload(refreshed.AuthenticationResult!.IdToken!)['cognito:preferred_role']).toBe(READER_ROLE);
    await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'dee', GroupName: 'readers' }));
    const again = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }));
    expect(decodePayload(again.AuthenticationResult!.AccessToken!)['cognito:groups']).toBeUndefined();
  });

  it('DeleteGroup takes its memberships along; so does deleting a user', async () => {
    await client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    expect((await errorOf(client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'admins' })))).name).toBe('ResourceNotFoundException');
    expect((await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ada' }))).Groups!.map(g => g.GroupName)).toEqual([
      'beta/testers',
      'editors',
    ]);
    // Re-created, the group is empty: no membership outlived it.
    await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    expect((await client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).Users).toEqual([]);

    await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    expect((await client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }))).Users!.map(u => u.Username)).toEqual(['ada']);
    await createUser(poolId, 'bob');
    expect((await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'bob' }))).Groups).toEqual([]);
    expect((await signIn(clientId, 'bob')).access['cognito:groups']).toBeUndefined();
  });

  it('DeleteUserPool leaves no group data behind', async () => {
    const pool = (await client.send(new CreateUserPoolCommand({ PoolName: 'short-lived' }))).UserPool!.Id!;
    await createUser(pool, 'tmp');
    await client.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'g' }));
    await add('tmp', 'g', pool);
    const store = server.local.services.store;
    expect(store.count('group', `${pool}/`) + store.count('groupMember', `${pool}/`) + store.count('userGroup', `${pool}/`)).toBe(3);
    await client.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    expect(store.count('group', `${pool}/`) + store.count('groupMember', `${pool}/`) + store.count('userGroup', `${pool}/`)).toBe(0);
  });
});

describe('pre token generation and groups', () => {
  it('the trigger sees the groups, roles and preferred role, and can override them (V2: both tokens)', async () => {
    writeFileSync(
      join(dir, 'groups-v2.mjs'),
      `export async function handler(event) {
        const seen = event.request.groupConfiguration;
        event.response.claimsAndScopeOverrideDetails = {
          idTokenGeneration: { claimsToAddOrOverride: { seen: JSON.stringify(seen) } },
          groupOverrideDetails: { groupsToOverride: [...seen.groupsToOverride, 'from-trigger'], iamRolesToOverride: [], preferredRole: null },
        };
        return event;
      }`,
    );
    const pool = (
      await client.send(
        new CreateUserPoolCommand({
          PoolName: 'groups-trigger',
          LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: './groups-v2.mjs' } },
        }),
      )
    ).UserPool!.Id!;
    const id = (
      await client.send(
        new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    await createUser(pool, 'tess');
    await client.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'staff', RoleArn: EDITOR_ROLE, Precedence: 2 }));
    await add('tess', 'staff', pool);
    const tokens = await signIn(id, 'tess');
    expect(JSON.parse(tokens.id.seen)).toEqual({ groupsToOverride: ['staff'], iamRolesToOverride: [EDITOR_ROLE], preferredRole: EDITOR_ROLE });
    expect(tokens.access['cognito:groups']).toEqual(['staff', 'from-trigger']);
    expect(tokens.id['cognito:groups']).toEqual(['staff', 'from-trigger']);
    expect(tokens.id['cognito:roles']).toBeUndefined();
    expect(tokens.id['cognito:preferred_role']).toBeUndefined();
  });
});

describe('groups in a seed config (--config, --demo)', () => {
  it('seeds groups and memberships; a second seed of kept data adds new memberships to kept users', async () => {
    const config = {
      userPools: [
        {
          Id: 'us-east-1_SeedGrp01',
          PoolName: 'seeded',
          clients: [{ ClientId: 'seedgroups0000000000000001', ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
          groups: [{ GroupName: 'staff', Precedence: 1, RoleArn: EDITOR_ROLE }, { GroupName: 'ops' }],
          users: [{ Username: 'sam', Password: PASSWORD, Groups: ['staff'] }],
        },
      ],
    };
    const seeded = await start({ config });
    const sdkClient = sdk(seeded.url);
    try {
      const out = await sdkClient.send(
        new InitiateAuthCommand({ ClientId: 'seedgroups0000000000000001', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'sam', PASSWORD } }),
      );
      const id = decodePayload(out.AuthenticationResult!.IdToken!);
      expect(id['cognito:groups']).toEqual(['staff']);
      expect(id['cognito:preferred_role']).toBe(EDITOR_ROLE);
      // Seeding again over the same data (a kept --data folder), now with sam in ops too.
      config.userPools[0]!.users[0]!.Groups = ['staff', 'ops'];
      await seeded.local.seed(config);
      const groups = await sdkClient.send(new AdminListGroupsForUserCommand({ UserPoolId: 'us-east-1_SeedGrp01', Username: 'sam' }));
      expect(groups.Groups!.map(g => g.GroupName)).toEqual(['ops', 'staff']);
      expect((await sdkClient.send(new ListGroupsCommand({ UserPoolId: 'us-east-1_SeedGrp01' }))).Groups).toHaveLength(2);
      // A membership naming a group the config does not define is a clear seed error.
      const bad = { userPools: [{ ...config.userPools[0]!, users: [{ Username: 'sam', Groups: ['nope'] }] }] };
      await expect(seeded.local.seed(bad)).rejects.toThrow('config userPools[0].users[0]: ResourceNotFoundException: Group not found.');
    } finally {
      sdkClient.destroy();
      await seeded.close();
    }
  });
});
