/**
 * An idle server runs its SRP steps inline and a busy one hands them to its worker pool
 * (services/srp.ts): sign-ins one at a time (inline) and many at once (the worker for all but the
 * first) get the same answers through the AWS SDK, right and wrong passwords alike.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { answerSrp, srpChallenge, startPool } from './srp-pool.js';

let pool: Awaited<ReturnType<typeof startPool>>;

/** One USER_SRP_AUTH sign-in with `password`: 'ok' or the refusal's name. */
async function srpSignIn(username: string, password: string): Promise<string> {
  return answerSrp(pool, await srpChallenge(pool.client, pool.clientId, username), password);
}

beforeAll(async () => {
  pool = await startPool({ name: 'inline', users: Array.from({ length: 8 }, (_, i) => `u${i}`) });
});
afterAll(() => pool?.server.close());

it('one at a time: right and wrong passwords', async () => {
  expect(await srpSignIn('u0', 'Passw0rd!')).toBe('ok');
  expect(await srpSignIn('u0', 'Passw0rd?')).toBe('NotAuthorizedException');
  expect(await srpSignIn('u1', 'Passw0rd!')).toBe('ok');
});

it('many at once: the same answers', async () => {
  const results = await Promise.all(Array.from({ length: 16 }, (_, i) => srpSignIn(`u${i % 8}`, i % 4 === 3 ? 'wrong-Passw0rd' : 'Passw0rd!')));
  expect(results).toEqual(Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 'NotAuthorizedException' : 'ok')));
});
