/**
 * The SRP worker pool after a failure (services/srp.ts): SRP sign-ins through the AWS SDK on loopback
 * while the pool's worker threads are terminated (through srpWorkerThreads, in this process). Sign-ins
 * in flight and those during the back-off finish inline; after the back-off a new pool runs the steps
 * again; a pool that keeps failing is started again after growing delays, then left off for good.
 * The back-off is measured on SRP_POOL_RESTART.now, which this file moves by hand: no test waits on
 * real time.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { SRP_POOL_RESTART, srpPoolState, srpWorkerThreads } from '../src/services/srp.js';
import { sdk, start } from './helpers.js';

// The pool's clock, moved by the tests below; set before anything starts a pool in this process.
let now = 1_000_000;
SRP_POOL_RESTART.now = () => now;
Object.assign(SRP_POOL_RESTART, { firstDelayMs: 1_000, maxDelayMs: 60_000, maxInRow: 3, healthyMs: 60_000 });
// Every SRP step to a worker while the pool runs (an idle server would run them inline).
process.env.COGNATE_LOCAL_SRP_INLINE_WHEN_IDLE = '0';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
const PASSWORD = 'Passw0rd!';
const USERS = ['ada', 'bob', 'cy', 'dee'];

/** A whole SRP sign-in (InitiateAuth, then PASSWORD_VERIFIER): 'ok' with tokens, else the error's name. */
async function signIn(username: string, password = PASSWORD): Promise<string> {
  try {
    const session = startSrpSession();
    const started = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srpAToHex(session.A) } }),
    );
    const p = started.ChallengeParameters!;
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
    const answered = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: {
          USERNAME: p.USER_ID_FOR_SRP!,
          PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
          TIMESTAMP: timestamp,
          PASSWORD_CLAIM_SIGNATURE: signature,
        },
      }),
    );
    return answered.AuthenticationResult?.AccessToken ? 'ok' : 'no tokens';
  } catch (error) {
    return (error as Error).name;
  }
}

/** Terminates every worker thread of the running pool (as a crash or an out-of-memory end would). */
async function killWorkers(): Promise<void> {
  const threads = [...srpWorkerThreads()];
  expect(threads.length).toBeGreaterThan(0);
  await Promise.all(threads.map(t => t.terminate()));
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'srp-pool-recovery' }))).UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    )
  ).UserPoolClient!.ClientId!;
  for (const username of USERS) {
    await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
});
afterAll(() => server?.close());

it('after its workers die, sign-ins in flight and during the back-off finish inline, and after the back-off a new pool runs the steps', async () => {
  expect(await signIn('ada')).toBe('ok');
  const first = srpPoolState();
  expect(first).toMatchObject({ running: true, failures: 0, restarts: 0 });
  expect(first.jobs.worker).toBeGreaterThan(0);

  // Sign-ins in flight when the threads end: kill them once a step is out in a worker.
  const inFlight = USERS.map(u => signIn(u));
  const deadline = Date.now() + 20_000;
  while (srpPoolState().busy === 0) {
    if (Date.now() > deadline) throw new Error('no SRP step went to a worker');
    await new Promise(resolve => setImmediate(resolve));
  }
  await killWorkers();
  expect(await Promise.all(inFlight)).toEqual(USERS.map(() => 'ok'));
  const down = srpPoolState();
  expect(down).toMatchObject({ running: false, failures: 1, failuresInRow: 1, restarts: 0, restartInMs: 1_000 });
  expect(srpWorkerThreads()).toEqual([]);

  // During the back-off every step runs inline, and a wrong password is still refused.
  now += 999;
  expect(await signIn('bob')).toBe('ok');
  expect(await signIn('cy', 'Wrong-Passw0rd!')).toBe('NotAuthorizedException');
  const during = srpPoolState();
  expect(during).toMatchObject({ running: false, restarts: 0, restartInMs: 1 });
  expect(during.jobs.worker).toBe(down.jobs.worker);
  expect(during.jobs.inline).toBeGreaterThan(down.jobs.inline);

  // Past the back-off, the next SRP step starts a new pool, and the steps run in its workers again.
  now += 1;
  expect(await signIn('dee')).toBe('ok');
  const after = srpPoolState();
  expect(after).toMatchObject({ running: true, failures: 1, restarts: 1, restartInMs: undefined });
  expect(srpWorkerThreads().length).toBeGreaterThan(0);
  expect(after.jobs.worker).toBeGreaterThan(during.jobs.worker);
  expect(after.jobs.inline).toBe(during.jobs.inline);
});

it('a pool that keeps failing is started again after a doubled delay each time, then left off, and sign-ins keep working inline', async () => {
  // The pool started above ran less than healthyMs: its failure is the second in a row, 2 s of back-off.
  await killWorkers();
  expect(srpPoolState()).toMatchObject({ running: false, failures: 2, failuresInRow: 2, restartInMs: 2_000 });
  now += 1_999;
  expect(await signIn('ada')).toBe('ok');
  expect(srpPoolState()).toMatchObject({ running: false, restarts: 1 });
  now += 1;
  expect(await signIn('ada')).toBe('ok');
  expect(srpPoolState()).toMatchObject({ running: true, restarts: 2 });

  // The third failure in a row (maxInRow here): no pool is started again, however long it waits.
  await killWorkers();
  expect(srpPoolState()).toMatchObject({ running: false, failures: 3, failuresInRow: 3, restartInMs: Number.POSITIVE_INFINITY });
  now += 365 * 24 * 3600 * 1000;
  const before = srpPoolState().jobs;
  expect(await Promise.all(USERS.map(u => signIn(u)))).toEqual(USERS.map(() => 'ok'));
  const off = srpPoolState();
  expect(off).toMatchObject({ running: false, restarts: 2 });
  expect(off.jobs.worker).toBe(before.worker);
  expect(off.jobs.inline).toBeGreaterThan(before.inline);
  expect(srpWorkerThreads()).toEqual([]);
});
