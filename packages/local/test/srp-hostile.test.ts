/**
 * A hostile client against cognate-local's SRP (services/srp.ts, challenges/password-verifier.ts),
 * through the AWS SDK on loopback: SRP_A values outside the group in any spelling, malformed answers,
 * replays, a password changed between challenge and answer, a flood of challenges never answered,
 * and SRP workers that die. Each is refused with Cognito's error shape or survived, never a 500.
 */
import { AdminSetUserPasswordCommand, type CognitoIdentityProviderClient, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SRP_N, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { srpAheadState, srpPoolState, srpWorkerThreads } from '../src/services/srp.js';
import { setClock } from './helpers.js';
import { confirmNewDevice, PASSWORD, passwordClaim, refusal, srpChallenge, startDeviceSrp, startPool } from './srp-pool.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

const challenge = (username: string, srpA?: string) => srpChallenge(client, clientId, username, srpA);

type Challenge = Awaited<ReturnType<typeof challenge>>;

/** Answers `c` with `password`, letting `tamper` change the responses: 'ok' or the refusal's `name: message`. */
async function answer(c: Challenge, password: string, tamper: (r: Record<string, string>) => void = () => {}): Promise<string> {
  const responses: Record<string, string> = {
    USERNAME: c.p.USER_ID_FOR_SRP!,
    ...(await passwordClaim({ poolName: poolId.split('_')[1]!, userId: c.p.USER_ID_FOR_SRP!, password, session: c.session, p: c.p })),
  };
  tamper(responses);
  return outcome(() =>
    client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses })),
  );
}

/** 'ok' when the call answers with tokens or a challenge, else the error's `name (status): message`. */
async function outcome(call: () => Promise<{ AuthenticationResult?: unknown; ChallengeName?: string }>): Promise<string> {
  try {
    const r = await call();
    return r.AuthenticationResult || r.ChallengeName ? 'ok' : 'empty';
  } catch (error) {
    return refusal(error);
  }
}

const INVALID_A = 'InvalidParameterException (400): Invalid SRP_A value.';
const REFUSED = 'NotAuthorizedException (400): Incorrect username or password.';

beforeAll(async () => {
  // One user per refused answer where there are many (five wrong answers lock a user out for a while).
  const users = ['ada', 'bob', 'cy', 'dev', 'exp', 'flood', ...Array.from({ length: 12 }, (_, i) => `m${i}`)];
  ({ server, client, poolId, clientId } = await startPool({
    name: 'hostile-srp',
    users,
    flows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
    devices: true,
  }));
});
afterAll(() => server?.close());
afterEach(() => {
  delete process.env.COGNATE_LOCAL_SRP_INLINE_WHEN_IDLE;
});

it('refuses an SRP_A outside 0 < A < N in any spelling, malformed or huge, with InvalidParameterException', async () => {
  const N = SRP_N.toString(16);
  const hostile = [
    '0',
    '0'.repeat(768),
    N,
    `000${N}`,
    (2n * SRP_N).toString(16),
    (SRP_N + 1n).toString(16),
    `00${(SRP_N + 5n).toString(16)}`,
    'zz',
    '0x1234',
    '12 34',
    'f'.repeat(1025),
    'a'.repeat(200_000),
  ];
  const results = [];
  for (const srpA of hostile) results.push(await outcome(() => challenge('ada', srpA).then(() => ({ ChallengeName: 'sent' }))));
  expect(results).toEqual(hostile.map(() => INVALID_A));
  // Values in the group, with or without leading zeros, are taken.
  const s = startSrpSession();
  expect(await outcome(() => challenge('ada', `0000${srpAToHex(s.A)}`).then(() => ({ ChallengeName: 'sent' })))).toBe('ok');
  expect(await outcome(() => challenge('ada', (SRP_N - 1n).toString(16)).then(() => ({ ChallengeName: 'sent' })))).toBe('ok');
});

it('refuses malformed answers with NotAuthorizedException, and the right answer still signs in afterwards', async () => {
  const tampers: Array<(r: Record<string, string>) => void> = [
    r => (r.PASSWORD_CLAIM_SIGNATURE = '***not base64***'),
    r => (r.PASSWORD_CLAIM_SIGNATURE = Buffer.alloc(31, 1).toString('base64')),
    r => (r.PASSWORD_CLAIM_SIGNATURE = Buffer.alloc(33, 1).toString('base64')),
    r => (r.PASSWORD_CLAIM_SIGNATURE = Buffer.from(r.PASSWORD_CLAIM_SIGNATURE!, 'base64').subarray(0, 16).toString('base64')),
    r => (r.PASSWORD_CLAIM_SIGNATURE = `${r.PASSWORD_CLAIM_SIGNATURE}AAAA`),
    r => (r.TIMESTAMP = new Date().toISOString()),
    r => (r.TIMESTAMP = `${r.TIMESTAMP} `),
    r => (r.TIMESTAMP = 'Mon Feb 30 25:61:61 UTC 2026'),
    r => (r.PASSWORD_CLAIM_SECRET_BLOCK = Buffer.alloc(64, 7).toString('base64')),
    r => (r.PASSWORD_CLAIM_SECRET_BLOCK = `${r.PASSWORD_CLAIM_SECRET_BLOCK}x`),
  ];
  const results = [];
  for (const [i, tamper] of tampers.entries()) results.push(await answer(await challenge(`m${i}`), PASSWORD, tamper));
  expect(results).toEqual(tampers.map(() => REFUSED));
  // An empty secret block is a missing parameter.
  expect(await answer(await challenge('m11'), PASSWORD, r => (r.PASSWORD_CLAIM_SECRET_BLOCK = ''))).toMatch(
    /^(InvalidParameterException|NotAuthorizedException) \(400\)/,
  );
  expect(await answer(await challenge('m0'), PASSWORD)).toBe('ok');
});

it('a challenge is single use: a replayed answer after success, or after a refusal, is refused', async () => {
  const c = await challenge('bob');
  expect(await answer(c, PASSWORD)).toBe('ok');
  expect(await answer(c, PASSWORD)).toBe(REFUSED);
  const wrong = await challenge('bob');
  expect(await answer(wrong, 'nope')).toBe(REFUSED);
  expect(await answer(wrong, PASSWORD)).toBe(REFUSED);
});

it('an answer after the session expired is refused, and the challenge is spent: back in time it is still refused', async () => {
  const c = await challenge('exp');
  await setClock(server.url, { offsetSeconds: 4 * 60 }); // AuthSessionValidity defaults to 3 minutes
  try {
    expect(await answer(c, PASSWORD)).toBe('NotAuthorizedException (400): Invalid session for the user, session is expired.');
  } finally {
    await setClock(server.url, { offsetSeconds: 0 });
  }
  expect(await answer(c, PASSWORD)).toBe(REFUSED);
  expect(await answer(await challenge('exp'), PASSWORD)).toBe('ok');
});

it('AdminSetUserPassword between challenge and answer: neither the old nor the new password answers the old challenge', async () => {
  const old1 = await challenge('cy');
  const old2 = await challenge('cy');
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'cy', Password: 'N3w-passw0rd!', Permanent: true }));
  expect(await answer(old1, PASSWORD)).toBe(REFUSED);
  expect(await answer(old2, 'N3w-passw0rd!')).toBe(REFUSED);
  // A challenge started after the change takes the new password only.
  expect(await answer(await challenge('cy'), PASSWORD)).toBe(REFUSED);
  expect(await answer(await challenge('cy'), 'N3w-passw0rd!')).toBe('ok');
});

it('DEVICE_SRP_AUTH refuses an SRP_A that is 0 mod N or out of range with InvalidParameterException', async () => {
  const { deviceKey } = await confirmNewDevice(client, clientId, 'dev');
  const deviceChallenge = async (srpA: string) => {
    const respond = await startDeviceSrp(client, clientId, 'dev', deviceKey);
    return outcome(() => respond(srpA));
  };
  const N = SRP_N.toString(16);
  for (const srpA of ['0', N, `00${N}`, (2n * SRP_N).toString(16), (SRP_N + 1n).toString(16), 'zz']) expect(await deviceChallenge(srpA)).toBe(INVALID_A);
  expect(await deviceChallenge(srpAToHex(startSrpSession().A))).toBe('ok');
});

it('a flood of challenges never answered computes at most 1024 claim keys ahead, and answered ones still sign in', async () => {
  const before = srpAheadState();
  const s = startSrpSession();
  const srpA = srpAToHex(s.A); // the attacker's one A, sent again and again: it costs them nothing
  for (let round = 0; round < 11; round++) {
    await Promise.all(Array.from({ length: 100 }, () => challenge('flood', srpA)));
  }
  await new Promise(resolve => setImmediate(resolve));
  const after = srpAheadState();
  expect(after.claimKeys).toBeLessThanOrEqual(1024);
  expect(after.keysAhead - before.keysAhead).toBeLessThanOrEqual(1024 - before.claimKeys);
  // With the stock of keys full, a challenge's key is computed when it is answered.
  expect(await answer(await challenge('flood'), PASSWORD)).toBe('ok');
  expect(await answer(await challenge('flood'), 'nope')).toBe(REFUSED);
}, 120_000);

it('SRP workers that die (terminated, no error) leave no request hanging: the work runs inline', async () => {
  process.env.COGNATE_LOCAL_SRP_INLINE_WHEN_IDLE = '0'; // every SRP step to a worker
  expect(await answer(await challenge('ada'), PASSWORD)).toBe('ok');
  const threads = [...srpWorkerThreads()];
  expect(threads.length).toBeGreaterThan(0);
  await Promise.all(threads.map(t => t.terminate()));
  const results = await Promise.all(Array.from({ length: 6 }, async (_, i) => answer(await challenge(i % 2 ? 'ada' : 'bob'), i === 5 ? 'nope' : PASSWORD)));
  expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', REFUSED]);
  // The pool went down once (it is started again after a back-off: srp-pool-recovery.test.ts).
  expect(srpPoolState().failures).toBe(1);
});
