/**
 * A seed or a reset (an exclusive section of the store's work) and this process's requests never
 * run in each other's awaits: a reset waits for the requests under way, and requests (and the
 * sweep) that come meanwhile wait for it, so every record is as it was before the reset or as it
 * is after, never a mix; a seed that fails takes back its own writes only, not those of requests
 * answered meanwhile. Both stores, over HTTP, with SQLite in a temp --data folder.
 *
 * The race windows are held open, not hoped for: a trigger module waits for the test's word (an
 * HTTP answer from a server in this test), so a request or a seed is paused at a known point.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalConfig, RunningServer } from '../src/index.js';
import { startCognateLocal } from '../src/testing/index.js';
import { call, STORES, start } from './helpers.js';

const SEEDED = 'us-east-1_QueueSeed1';
const SEEDED_CLIENT = 'queueseed00000000000000000a';
const config: LocalConfig = {
  userPools: [
    {
      Id: SEEDED,
      PoolName: 'seeded',
      clients: [{ ClientId: SEEDED_CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: [
        { Username: 'alice', Password: 'Passw0rd!', Attributes: { email: 'alice@example.com' } },
        { Username: 'bob', Password: 'Passw0rd!', Attributes: { email: 'bob@example.com' } },
      ],
    },
  ],
};

/**
 * The test's side of the trigger `hold.mjs`: each call waits here until `release()`; from then on
 * calls are answered at once. The answer `ok` lets the trigger return; any other makes it throw.
 */
class Holds {
  server: Server = createServer((req, res) => this.#arrive(req.url ?? '', res));
  calls: string[] = [];
  #held: ServerResponse[] = [];
  #answer: string | undefined;
  #arrived: Array<() => void> = [];

  #arrive(url: string, res: ServerResponse): void {
    this.calls.push(decodeURIComponent(url.slice(2)));
    if (this.#answer !== undefined) res.end(this.#answer);
    else this.#held.push(res);
    for (const wake of this.#arrived.splice(0)) wake();
  }

  async listen(): Promise<string> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `n` calls have come in. */
  async reached(n: number): Promise<void> {
    while (this.calls.length < n) await new Promise<void>(resolve => this.#arrived.push(resolve));
  }

  release(answer = 'ok'): void {
    this.#answer = answer;
    for (const res of this.#held.splice(0)) res.end(answer);
  }

  /** Holds the calls that come from now on again. */
  hold(): void {
    this.#answer = undefined;
  }
}

/** Until `done()` or the store has a section waiting for its turn: one or the other, checked between event-loop turns. */
async function untilWaitingOr(server: RunningServer, done: () => boolean, sections = 1): Promise<void> {
  const store = server.local.services.store as { waiting?: number };
  while (!done() && (store.waiting ?? 0) < sections) await new Promise(resolve => setImmediate(resolve));
}

/** A promise's outcome as it settles, readable before it is awaited. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown; promise: Promise<void> } = { settled: false, promise: Promise.resolve() };
  state.promise = promise.then(
    value => {
      state.settled = true;
      state.value = value;
    },
    error => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

type Answer = Awaited<ReturnType<typeof call>>;

const holds = new Holds();
let triggerDir: string;
beforeAll(async () => {
  const url = await holds.listen();
  triggerDir = mkdtempSync(join(tmpdir(), 'cognate-queue-triggers-'));
  writeFileSync(
    join(triggerDir, 'hold.mjs'),
    `export async function handler(event) {
      const answer = await (await fetch(${JSON.stringify(url)} + '/?' + encodeURIComponent(event.triggerSource + ' ' + event.userName))).text();
      if (answer !== 'ok') throw new Error(answer);
      return event;
    }`,
  );
});
afterAll(() => {
  holds.server.close();
  rmSync(triggerDir, { recursive: true, force: true });
});

/** A pool made by CreateUserPool (not in the config: a reset removes it) whose sign-ups go through hold.mjs, and its client. */
async function heldPool(url: string): Promise<{ poolId: string; clientId: string }> {
  const pool = await call(url, 'CreateUserPool', { PoolName: 'held', LambdaConfig: { PreSignUp: './hold.mjs' } });
  expect(pool.status).toBe(200);
  const poolId = pool.body.UserPool.Id as string;
  const client = await call(url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'web' });
  return { poolId, clientId: client.body.UserPoolClient.ClientId as string };
}

/** The whole state, as GET /_local/state exports it: records by kind and key. */
async function state(url: string): Promise<Record<string, Record<string, Record<string, unknown>>>> {
  return ((await (await fetch(`${url}/_local/state`)).json()) as { records: Record<string, Record<string, Record<string, unknown>>> }).records;
}

const internal = (answers: Answer[]) => answers.filter(a => a.status >= 500 || a.body?.__type === 'InternalErrorException');

for (const [name, make] of STORES) {
  describe(`${name}: a reset or a seed and this process's requests`, () => {
    let server: RunningServer;
    let cleanup: () => void;
    beforeAll(async () => {
      const store = make();
      cleanup = store.cleanup;
      server = await start({ ...store.options, config, triggerBaseDir: triggerDir, triggerTimeoutMs: 60_000 });
    });
    afterAll(async () => {
      await server?.close();
      cleanup?.();
    });

    it('a reset issued while 52 requests are in flight leaves each record as before it or after it: no user lands in a pool the reset removed', async () => {
      const { url } = server;
      holds.hold();
      const held = await heldPool(url);
      const callsBefore = holds.calls.length;
      // Sign-ups to the held pool: each has read its pool and waits in the trigger (four run triggers at once, the rest queue for one).
      const signUps = Array.from({ length: 12 }, (_, i) =>
        call(url, 'SignUp', {
          ClientId: held.clientId,
          Username: `late${i}`,
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: `late${i}@example.com` }],
        }),
      );
      // And writes and sign-ins on the seeded pool, under way as the reset comes.
      const creates = Array.from({ length: 20 }, (_, i) =>
        call(url, 'AdminCreateUser', { UserPoolId: SEEDED, Username: `made${i}`, MessageAction: 'SUPPRESS' }),
      );
      const signIns = Array.from({ length: 20 }, (_, i) =>
        call(url, 'InitiateAuth', {
          ClientId: SEEDED_CLIENT,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: i % 2 ? 'alice' : 'bob', PASSWORD: 'Passw0rd!' },
        }),
      );
      await holds.reached(callsBefore + 4);
      const reset = track(fetch(`${url}/_local/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
      // The reset is queued behind the sign-ups (or, were it not, done): only then may they go on.
      await untilWaitingOr(server, () => reset.settled);
      holds.release();
      const answers = await Promise.all([...signUps, ...creates, ...signIns]);
      await reset.promise;
      expect((reset.value as Response).status).toBe(200);
      expect(internal(answers)).toEqual([]);
      for (const answer of answers) expect([200, 400]).toContain(answer.status);

      const records = await state(url);
      // The pool the reset removed is gone whole: no user, client or anything else of it survives.
      expect(records.pool?.[held.poolId]).toBeUndefined();
      const leftovers = Object.entries(records).flatMap(([kind, entries]) =>
        Object.keys(entries)
          .filter(key => key.includes(held.poolId))
          .map(key => `${kind} ${key}`),
      );
      expect(leftovers).toEqual([]);
      // Every user belongs to a pool that exists, and the seeded pool has its seeded users back.
      for (const [key, user] of Object.entries(records.user ?? {})) expect(records.pool?.[String(user.poolId)], key).toBeDefined();
      const seededUsers = Object.keys(records.user ?? {}).filter(key => key.startsWith(`${SEEDED}/`));
      expect(seededUsers).toEqual(expect.arrayContaining([`${SEEDED}/alice`, `${SEEDED}/bob`]));
    }, 60_000);

    it('a seed that fails takes back its own writes only: a write answered while it ran stays, and no read saw the seed half done', async () => {
      const { url } = server;
      holds.hold();
      const callsBefore = holds.calls.length;
      // A seed whose user's pre sign-up trigger waits for the test, then fails.
      const failing: LocalConfig = {
        userPools: [
          {
            Id: 'us-east-1_QueueFail1',
            PoolName: 'fails',
            LambdaConfig: { PreSignUp: './hold.mjs' },
            users: [{ Username: 'carol', Password: 'Passw0rd!', Attributes: { email: 'carol@example.com' } }],
          },
        ],
      };
      const seeding = track(server.local.seed(failing));
      await holds.reached(callsBefore + 1);
      expect(holds.calls.at(-1)).toBe('PreSignUp_AdminCreateUser carol');
      // Meanwhile, a write and a read of this process.
      const write = track(call(url, 'AdminCreateUser', { UserPoolId: SEEDED, Username: 'during-seed', MessageAction: 'SUPPRESS' }));
      const read = track(call(url, 'DescribeUserPool', { UserPoolId: 'us-east-1_QueueFail1' }));
      await untilWaitingOr(server, () => write.settled && read.settled, 2);
      holds.release('seed refused');
      await Promise.all([seeding.promise, write.promise, read.promise]);
      expect(String(seeding.error)).toContain('userPools[0].users[0]');
      // The write was answered 200, so it is there; the half-done seed was never seen, and is not there now.
      expect(write.value?.status).toBe(200);
      expect((await call(url, 'AdminGetUser', { UserPoolId: SEEDED, Username: 'during-seed' })).status).toBe(200);
      expect(read.value?.body.__type).toBe('ResourceNotFoundException');
      expect((await call(url, 'DescribeUserPool', { UserPoolId: 'us-east-1_QueueFail1' })).body.__type).toBe('ResourceNotFoundException');
    }, 60_000);

    it('a seed started while a user import runs waits for it: the seed failing takes none of the imported users or the job’s end back', async () => {
      const { url } = server;
      const pool = await call(url, 'CreateUserPool', { PoolName: 'import', AutoVerifiedAttributes: ['email'] });
      const poolId = pool.body.UserPool.Id as string;
      const columns = (await call(url, 'GetCSVHeader', { UserPoolId: poolId })).body.CSVHeader as string[];
      // 100 batches of 200 rows: the import runs over many turns of the event loop.
      const rows = Array.from({ length: 20_000 }, (_, i) =>
        columns
          .map(c => ({ 'cognito:username': `imp${i}`, email: `imp${i}@example.com`, email_verified: 'true', 'cognito:mfa_enabled': 'false' })[c] ?? '')
          .join(','),
      );
      const job = (await call(url, 'CreateUserImportJob', { UserPoolId: poolId, JobName: 'big', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/Logs' }))
        .body.UserImportJob as { JobId: string; PreSignedUrl: string };
      expect((await fetch(job.PreSignedUrl, { method: 'PUT', body: [columns.join(','), ...rows].join('\r\n') })).status).toBe(200);
      expect((await call(url, 'StartUserImportJob', { UserPoolId: poolId, JobId: job.JobId })).status).toBe(200);

      holds.hold();
      const callsBefore = holds.calls.length;
      const failing: LocalConfig = {
        userPools: [{ Id: 'us-east-1_QueueFail3', PoolName: 'fails', LambdaConfig: { PreSignUp: './hold.mjs' }, users: [{ Username: 'erin' }] }],
      };
      const seeding = track(server.local.seed(failing));
      await holds.reached(callsBefore + 1);
      // The seed is under way; the import has ended (before it, or in its gaps).
      const store = server.local.services.store;
      const stored = () => store.peek<{ Status: string; CompletionMessage?: string }>('importJob', `${poolId}/job/${job.JobId}`);
      while (!['Succeeded', 'Failed', 'Stopped'].includes(stored()?.Status ?? '')) await new Promise(resolve => setImmediate(resolve));
      expect(stored()).toMatchObject({ Status: 'Succeeded' });
      holds.release('seed refused');
      await seeding.promise;
      expect(String(seeding.error)).toContain('userPools[0].users[0]');
      const described = await call(url, 'DescribeUserImportJob', { UserPoolId: poolId, JobId: job.JobId });
      expect(described.body.UserImportJob).toMatchObject({ Status: 'Succeeded', ImportedUsers: 20_000 });
      expect(store.count('user', `${poolId}/`)).toBe(20_000);
    }, 120_000);

    it('the sweep waits for a seed under way: what it reports deleted stays deleted when the seed fails', async () => {
      const { url } = server;
      // A delivered message, then two days: the sweep forgets messages a day old.
      const invited = await call(url, 'AdminCreateUser', {
        UserPoolId: SEEDED,
        Username: 'invited',
        UserAttributes: [{ Name: 'email', Value: 'invited@example.com' }],
        DesiredDeliveryMediums: ['EMAIL'],
      });
      expect(invited.status).toBe(200);
      const messages = async () =>
        ((await (await fetch(`${url}/_local/messages?userPoolId=${SEEDED}&username=invited`)).json()) as { messages: unknown[] }).messages.length;
      expect(await messages()).toBe(1);
      const clock = await fetch(`${url}/_local/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ offsetSeconds: 2 * 86400 }),
      });
      expect(clock.status).toBe(200);

      holds.hold();
      const callsBefore = holds.calls.length;
      const failing: LocalConfig = {
        userPools: [{ Id: 'us-east-1_QueueFail2', PoolName: 'fails', LambdaConfig: { PreSignUp: './hold.mjs' }, users: [{ Username: 'dave' }] }],
      };
      const seeding = track(server.local.seed(failing));
      await holds.reached(callsBefore + 1);
      const sweep = track(Promise.resolve(server.local.prune()));
      await untilWaitingOr(server, () => sweep.settled);
      holds.release('seed refused');
      await Promise.all([seeding.promise, sweep.promise]);
      expect(String(seeding.error)).toContain('userPools[0].users[0]');
      expect(sweep.value).toBeGreaterThanOrEqual(1);
      expect(await messages()).toBe(0);
    }, 60_000);
  });
}

describe('cognate-local/testing: reset()', () => {
  it('waits for the sign-ups under way, so none lands in the pool it removes', async () => {
    const local = await startCognateLocal({ config, triggers: triggerDir });
    try {
      holds.hold();
      const held = await heldPool(local.url);
      const callsBefore = holds.calls.length;
      const signUps = Array.from({ length: 6 }, (_, i) =>
        call(local.url, 'SignUp', {
          ClientId: held.clientId,
          Username: `kit${i}`,
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: `kit${i}@example.com` }],
        }),
      );
      await holds.reached(callsBefore + 4);
      const reset = track(local.reset());
      await untilWaitingOr(local.server, () => reset.settled);
      holds.release();
      const answers = await Promise.all(signUps);
      await reset.promise;
      expect(reset.error).toBeUndefined();
      expect(internal(answers)).toEqual([]);
      const records = local.exportState().records as Record<string, Record<string, { poolId?: string }>>;
      const leftovers = Object.entries(records).flatMap(([kind, entries]) =>
        Object.keys(entries)
          .filter(key => key.includes(held.poolId))
          .map(key => `${kind} ${key}`),
      );
      expect(leftovers).toEqual([]);
      expect(Object.keys(records.user ?? {}).sort()).toEqual([`${SEEDED}/alice`, `${SEEDED}/bob`]);
    } finally {
      await local.stop();
    }
  }, 60_000);

  it('waits for tokensFor under way, so no token family of a user it removes survives', async () => {
    const local = await startCognateLocal({
      config: {
        userPools: [
          {
            Id: 'us-east-1_QueueTok1',
            PoolName: 'tokens',
            LambdaConfig: { PreTokenGeneration: './hold.mjs' },
            clients: [{ ClientId: 'queuetok000000000000000000a', ClientName: 'web' }],
          },
        ],
      },
      triggers: triggerDir,
    });
    try {
      // A user made after the start: reset() removes her.
      await local.createUser({ username: 'tess' });
      holds.hold();
      const callsBefore = holds.calls.length;
      const tokens = track(local.tokensFor({ username: 'tess' }));
      await holds.reached(callsBefore + 1);
      const reset = track(local.reset());
      await untilWaitingOr(local.server, () => reset.settled);
      holds.release();
      await Promise.all([tokens.promise, reset.promise]);
      expect(tokens.error).toBeUndefined();
      expect(reset.error).toBeUndefined();
      const records = local.exportState().records as Record<string, Record<string, unknown>>;
      expect(Object.keys(records.user ?? {})).toEqual([]);
      // Token families and refresh tokens are not part of a state file: the store itself is read.
      const store = local.server.local.services.store;
      expect(store.list('family', '')).toEqual([]);
      expect(store.list('refresh', '')).toEqual([]);
    } finally {
      await local.stop();
    }
  }, 60_000);
});

describe('cognate-local/testing: createUser()', () => {
  it('made while a reset waits its turn: its groups and user are made after the reset, not its group before and its user after', async () => {
    const local = await startCognateLocal({
      config: {
        userPools: [
          {
            Id: 'us-east-1_QueueGrp1',
            PoolName: 'groups',
            LambdaConfig: { PreTokenGeneration: './hold.mjs' },
            clients: [{ ClientId: 'queuegrp000000000000000000a', ClientName: 'web' }],
          },
        ],
      },
      triggers: triggerDir,
    });
    try {
      await local.createUser({ username: 'tess' });
      holds.hold();
      const callsBefore = holds.calls.length;
      // A shared section held at its trigger keeps the reset waiting; createUser comes after the reset.
      const tokens = track(local.tokensFor({ username: 'tess' }));
      await holds.reached(callsBefore + 1);
      const reset = track(local.reset());
      await untilWaitingOr(local.server, () => reset.settled);
      const created = track(local.createUser({ username: 'gus', groups: ['crew'] }));
      await untilWaitingOr(local.server, () => created.settled, 2);
      holds.release();
      await Promise.all([tokens.promise, reset.promise, created.promise]);
      expect(reset.error).toBeUndefined();
      expect(created.error).toBeUndefined();
      const groups = await call(local.url, 'AdminListGroupsForUser', { UserPoolId: 'us-east-1_QueueGrp1', Username: 'gus' });
      expect(groups.body.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual(['crew']);
      const records = local.exportState().records as Record<string, Record<string, unknown>>;
      expect(Object.keys(records.user ?? {})).toEqual(['us-east-1_QueueGrp1/gus']);
    } finally {
      await local.stop();
    }
  }, 60_000);
});
