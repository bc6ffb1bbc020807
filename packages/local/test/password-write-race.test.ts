/**
 * Password writes and the lockout counter under concurrency. A NEW_PASSWORD_REQUIRED answer that
 * also changes the email sends a verification code through the CustomMessage trigger, which asks a
 * gate served by the test and waits: the answer has read the user and not yet written it when an
 * administrator's AdminSetUserPassword lands. In one process the administrator's call waits for the
 * answer (the user lock) and sets its password last; across two processes on one --data folder the
 * answer's write finds the password changed and fails, instead of overwriting the administrator's.
 * Two SignUps of one name, both past the name check and held at the same gate, make one user (the
 * other is told UsernameExistsException), in one process or two. Two wrong passwords at once on
 * two processes count two failures (the write lock held by a third
 * connection until both wait for it, see two-processes.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Gate } from './gate.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userLockWaiting } from '../src/services/user-lock.js';
import { call, start } from './helpers.js';
import { throughHeldLock, twoProcesses } from './two-processes.js';

const POOL = 'us-east-1_PwRace001';
const CLIENT = 'pwraceclient00000000000001';

const gate = new Gate();
let gateUrl: string;
beforeAll(async () => {
  gateUrl = await gate.listen();
});
afterAll(() => gate.close());

const { configArgs, startTwo, tempDir } = twoProcesses('pw-race');

function setUp(dir: string) {
  writeFileSync(
    join(dir, 'gated.mjs'),
    `export async function handler(event) {
      if (event.userName.startsWith('gated')) await (await fetch(${JSON.stringify(gateUrl)})).text();
      return event;
    }`,
  );
  return {
    userPools: [
      {
        Id: POOL,
        PoolName: 'pw-race',
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { CustomMessage: './gated.mjs' },
        clients: [{ ClientId: CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
        users: [{ Username: 'lou', Password: 'Passw0rd!' }],
      },
    ],
  };
}

const signIn = (url: string, username: string, password: string) =>
  call(url, 'InitiateAuth', { ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } });

async function newPasswordSession(url: string, username: string): Promise<string> {
  await call(url, 'AdminCreateUser', { UserPoolId: POOL, Username: username, TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' });
  const out = await signIn(url, username, 'Temp0rary!');
  expect(out.body.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  return out.body.Session as string;
}

/** Answers NEW_PASSWORD_REQUIRED with a new email too: its verification code waits at the gate before the user is written. */
const answerGated = (url: string, username: string, session: string) =>
  call(url, 'RespondToAuthChallenge', {
    ClientId: CLIENT,
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: 'UserNew1!', 'userAttributes.email': `${username}@example.com` },
  });

const adminSet = (url: string, username: string) =>
  call(url, 'AdminSetUserPassword', { UserPoolId: POOL, Username: username, Password: 'AdminSet1!', Permanent: true });

describe('a password write racing an administrator’s AdminSetUserPassword', () => {
  it('in one process: the administrator’s call waits for the NEW_PASSWORD_REQUIRED answer under way, and its password is the one kept', async () => {
    const dir = tempDir();
    const server = await start({ triggerBaseDir: dir, config: setUp(dir) });
    try {
      const session = await newPasswordSession(server.url, 'gated-one');
      const entered = gate.entered();
      const answer = answerGated(server.url, 'gated-one', session);
      await entered;
      const admin = adminSet(server.url, 'gated-one');
      // Until the administrator's call is done (no lock) or waits for the user's lock.
      const store = server.local.services.store;
      let done = false;
      void admin.then(() => (done = true));
      while (!done && userLockWaiting(store) === 0) await new Promise(resolve => setImmediate(resolve));
      gate.open();
      expect((await answer).status).toBe(200);
      expect((await admin).status).toBe(200);
      expect((await signIn(server.url, 'gated-one', 'AdminSet1!')).status).toBe(200);
      expect((await signIn(server.url, 'gated-one', 'UserNew1!')).body.__type).toBe('NotAuthorizedException');
    } finally {
      await server.close();
    }
  }, 30_000);

  it('across two processes: the answer finds the password changed and fails; the administrator’s password is kept', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, setUp(dir)));
    const session = await newPasswordSession(a!.url, 'gated-two');
    const entered = gate.entered();
    const answer = answerGated(a!.url, 'gated-two', session);
    await entered;
    expect((await adminSet(b!.url, 'gated-two')).status).toBe(200);
    gate.open();
    const answered = await answer;
    expect([answered.status, answered.body.__type]).toEqual([400, 'NotAuthorizedException']);
    for (const url of [a!.url, b!.url]) {
      expect((await signIn(url, 'gated-two', 'AdminSet1!')).status).toBe(200);
      expect((await signIn(url, 'gated-two', 'UserNew1!')).body.__type).toBe('NotAuthorizedException');
    }
  }, 60_000);
});

describe('one name signed up twice at once', () => {
  const signUp = (url: string) =>
    call(url, 'SignUp', { ClientId: CLIENT, Username: 'gated-sam', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }] });

  /** Both sign-ups have checked the name is free and wait at the CustomMessage gate; then both write. */
  async function twice(urls: [string, string]) {
    const before = gate.arrivals;
    const answers = Promise.all(urls.map(signUp));
    await gate.reached(before + 2);
    gate.open();
    const results = await answers;
    expect(results.filter(r => r.status === 200)).toHaveLength(1);
    expect(results.filter(r => r.status !== 200).map(r => [r.status, r.body.__type])).toEqual([[400, 'UsernameExistsException']]);
  }

  it('in one process: one is made, the other is told the name exists', async () => {
    const dir = tempDir();
    const server = await start({ triggerBaseDir: dir, config: setUp(dir) });
    try {
      await twice([server.url, server.url]);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('across two processes: one is made, the other is told the name exists', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, setUp(dir)));
    await twice([a!.url, b!.url]);
  }, 60_000);
});

describe('the lockout counter across processes', () => {
  it('two wrong passwords at once on two processes count two failures', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, setUp(dir)));
    const results = await throughHeldLock(dir, [a!.child.pid!, b!.child.pid!], () => [signIn(a!.url, 'lou', 'Wrong0ne!'), signIn(b!.url, 'lou', 'Wrong0ne!')]);
    expect(results.map(r => r.body.__type)).toEqual(['NotAuthorizedException', 'NotAuthorizedException']);
    const db = new Database(join(dir, 'data', 'cognate-local.sqlite'), { readonly: true });
    const row = db.prepare("SELECT value FROM kv WHERE kind = 'user' AND key = ?").get(`${POOL}/lou`) as { value: string };
    db.close();
    expect((JSON.parse(row.value) as { failedAttempts?: number }).failedAttempts).toBe(2);
  }, 60_000);
});
