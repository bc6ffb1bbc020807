/**
 * ListUsers reads one page, not the pool: a filter on an indexed attribute (email, phone_number,
 * the names, sub) reads the store's attribute index, `username` filters and the unfiltered list
 * walk the pool's keys from the token's position. Run against both stores (memory and --data
 * SQLite) through the AWS SDK: every page set equals what a scan of all users would select, each
 * user once, and the index follows attribute changes, deletions and undone transactions.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, SqliteStore, type RunningServer } from '../src/index.js';
import { sdk, start } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Every page of a ListUsers call, followed through its tokens: the usernames in order. */
async function listAll(client: CognitoIdentityProviderClient, poolId: string, filter: string | undefined, limit: number): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const r = await client.send(
      new ListUsersCommand({ UserPoolId: poolId, Limit: limit, ...(filter ? { Filter: filter } : {}), ...(token ? { PaginationToken: token } : {}) }),
    );
    names.push(...(r.Users ?? []).map((u: UserType) => u.Username!));
    token = r.PaginationToken;
    if (!token) return names;
  }
  throw new Error('too many pages');
}

const emailOf = (i: number) => `user${i}@example.com`;

for (const kind of ['memory', 'sqlite'] as const) {
  describe(`ListUsers on the ${kind} store`, () => {
    let server: RunningServer;
    let client: CognitoIdentityProviderClient;
    let poolId: string;
    const USERS = 130;

    beforeAll(async () => {
      const dataDir = kind === 'sqlite' ? mkdtempSync(join(tmpdir(), 'cognate-list-users-')) : undefined;
      if (dataDir) dirs.push(dataDir);
      server = await start(dataDir ? { dataDir } : {});
      client = sdk(server.url);
      poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'list' }))).UserPool!.Id!;
      for (let i = 0; i < USERS; i++) {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: `user${i}`,
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: emailOf(i) },
              { Name: 'given_name', Value: i % 3 === 0 ? 'Ann' : 'Bob' },
            ],
          }),
        );
      }
    });
    afterAll(() => server?.close());

    it('email ^= gives every match once, across pages, and nothing else', async () => {
      const expected = Array.from({ length: USERS }, (_, i) => i)
        .filter(i => emailOf(i).startsWith('user1'))
        .map(i => `user${i}`);
      for (const limit of [1, 7, 60]) {
        const names = await listAll(client, poolId, 'email ^= "user1"', limit);
        expect([...names].sort()).toEqual([...expected].sort());
        expect(new Set(names).size).toBe(names.length);
      }
    });

    it('email = and given_name = find exactly their users', async () => {
      expect(await listAll(client, poolId, 'email = "user12@example.com"', 60)).toEqual(['user12']);
      expect(await listAll(client, poolId, 'email = "user12@example"', 60)).toEqual([]);
      const anns = await listAll(client, poolId, 'given_name = "Ann"', 10);
      expect(anns.sort()).toEqual(
        Array.from({ length: USERS }, (_, i) => i)
          .filter(i => i % 3 === 0)
          .map(i => `user${i}`)
          .sort(),
      );
    });

    it('username = and username ^= read the keys', async () => {
      expect(await listAll(client, poolId, 'username = "user7"', 60)).toEqual(['user7']);
      expect(await listAll(client, poolId, 'username = "nobody"', 60)).toEqual([]);
      const names = await listAll(client, poolId, 'username ^= "user12"', 2);
      expect(names.sort()).toEqual(['user12', 'user120', 'user121', 'user122', 'user123', 'user124', 'user125', 'user126', 'user127', 'user128', 'user129']);
    });

    it('without a filter every user comes once; the status filter still applies', async () => {
      const all = await listAll(client, poolId, undefined, 60);
      expect(all.length).toBe(USERS);
      expect(new Set(all).size).toBe(USERS);
      await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'user5' }));
      expect(await listAll(client, poolId, 'status = "Disabled"', 60)).toEqual(['user5']);
    });

    it('the index follows a changed email and a deleted user', async () => {
      await client.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'user3', UserAttributes: [{ Name: 'email', Value: 'moved@example.com' }] }),
      );
      expect(await listAll(client, poolId, 'email = "user3@example.com"', 60)).toEqual([]);
      expect(await listAll(client, poolId, 'email ^= "moved"', 60)).toEqual(['user3']);
      await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'user3' }));
      expect(await listAll(client, poolId, 'email ^= "moved"', 60)).toEqual([]);
    });

    it("refuses another listing's token", async () => {
      const first = await client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1, Filter: 'email ^= "user"' }));
      await expect(client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1, PaginationToken: first.PaginationToken! }))).rejects.toThrow(
        /Paging marker .* is invalid for request/,
      );
    });
  });
}

describe('the attribute index of each store', () => {
  const user = (name: string, email: string) => ({ username: name, attributes: { email, sub: `sub-${name}` } });
  for (const kind of ['memory', 'sqlite'] as const) {
    it(`${kind}: follows writes, deletes and undone transactions, per pool`, () => {
      let store: MemoryStore | SqliteStore;
      if (kind === 'memory') store = new MemoryStore();
      else {
        const dir = mkdtempSync(join(tmpdir(), 'cognate-attr-index-'));
        dirs.push(dir);
        store = new SqliteStore(dir);
      }
      store.put('user', 'p1/a', user('a', 'a@x'));
      store.put('user', 'p1/b', user('b', 'ab@x'));
      store.put('user', 'p2/a', user('a', 'a@x'));
      const emails = (pool: string, value: string, exact = false) =>
        store.usersByAttribute<{ username: string }>(pool, 'email', value, exact, undefined, 10).map(m => `${m.key}=${m.value}`);
      expect(emails('p1', 'a')).toEqual(['p1/a=a@x', 'p1/b=ab@x']);
      expect(emails('p1', 'a@x', true)).toEqual(['p1/a=a@x']);
      expect(emails('p2', 'a')).toEqual(['p2/a=a@x']);
      expect(store.usersByAttribute('p1', 'email', 'a', false, ['a@x', 'p1/a'], 10).map(m => m.key)).toEqual(['p1/b']);
      store.put('user', 'p1/a', user('a', 'z@x'));
      expect(emails('p1', 'a')).toEqual(['p1/b=ab@x']);
      expect(() =>
        store.transaction(() => {
          store.put('user', 'p1/c', user('c', 'ac@x'));
          store.delete('user', 'p1/b');
          throw new Error('undo');
        }),
      ).toThrow('undo');
      expect(emails('p1', 'a')).toEqual(['p1/b=ab@x']);
      store.delete('user', 'p1/b');
      expect(emails('p1', 'a')).toEqual([]);
      expect(emails('p1', 'z')).toEqual(['p1/a=z@x']);
      store.close();
    });
  }
});
