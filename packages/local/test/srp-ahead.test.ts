/**
 * SRP work done ahead of the request that needs it (services/srp.ts): server ephemerals (b, g^b)
 * drawn in a worker while the server is idle, so InitiateAuth answers without an exponentiation,
 * and each challenge's claim key computed as soon as B is sent, so RespondToAuthChallenge only
 * checks an HMAC. Through the AWS SDK: the right password signs in and a wrong one is refused on
 * those paths, no ephemeral is used twice, and a key made for one challenge never checks another.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { srpAheadState } from '../src/services/srp.js';
import { answerSrp, PASSWORD, type SrpChallenge, srpChallenge, startPool } from './srp-pool.js';

let pool: Awaited<ReturnType<typeof startPool>>;

/** Yields to the event loop until the stock of ephemerals is full and no draw is out. */
async function stocked(): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(srpAheadState().ephemerals === 2 && srpAheadState().drawing === 0)) {
    if (Date.now() > deadline) throw new Error(`no ephemerals drawn ahead: ${JSON.stringify(srpAheadState())}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

const challenge = (username: string) => srpChallenge(pool.client, pool.clientId, username);

/** Answers `c` with a signature made for `signedFor` (by default `c` itself): 'ok' or the refusal's name. */
const answer = (c: SrpChallenge, password: string, signedFor = c) => answerSrp(pool, c, password, signedFor);

beforeAll(async () => {
  pool = await startPool({ name: 'ahead', users: ['ada', 'bob'] });
});
afterAll(() => pool?.server.close());
afterEach(() => {
  delete process.env.COGNATE_LOCAL_SRP_AHEAD;
});

it('InitiateAuth takes B from an ephemeral drawn ahead and the answer is checked with a key computed ahead', async () => {
  await stocked();
  const before = srpAheadState().used;
  const c = await challenge('ada');
  expect(srpAheadState().used.ephemerals).toBe(before.ephemerals + 1);
  expect(await answer(c, PASSWORD)).toBe('ok');
  expect(srpAheadState().used.claimKeys).toBe(before.claimKeys + 1);

  await stocked();
  const wrong = await challenge('ada');
  expect(await answer(wrong, 'Passw0rd?')).toBe('NotAuthorizedException');
  expect(srpAheadState().used).toEqual({ ephemerals: before.ephemerals + 2, claimKeys: before.claimKeys + 2 });
});

it('never uses an ephemeral twice: 24 challenges for one user, 24 different B', async () => {
  const bs = new Set<string>();
  for (let i = 0; i < 24; i++) {
    if (i % 3 === 0) await stocked(); // some from the stock, some drawn on the spot
    bs.add((await challenge('ada')).p.SRP_B!);
  }
  expect(bs.size).toBe(24);
});

it("a key computed for one challenge does not check another's answer", async () => {
  await stocked();
  const first = await challenge('ada');
  const second = await challenge('ada');
  // The second challenge's secret block with the first's proof: right password, wrong B.
  expect(await answer(second, PASSWORD, first)).toBe('NotAuthorizedException');
  // Another user's challenge signed with ada's session and B: refused too.
  const other = await challenge('bob');
  expect(await answer(other, PASSWORD, { ...first, p: { ...first.p, SECRET_BLOCK: other.p.SECRET_BLOCK! } })).toBe('NotAuthorizedException');
  expect(await answer(first, PASSWORD)).toBe('ok');
});

it('many sign-ins at once (stock used up, keys computed in the workers) give the same answers', async () => {
  await stocked();
  const results = await Promise.all(
    Array.from({ length: 12 }, async (_, i) => answer(await challenge(i % 2 ? 'ada' : 'bob'), i % 4 === 3 ? 'nope' : PASSWORD)),
  );
  expect(results).toEqual(Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? 'NotAuthorizedException' : 'ok')));
});

it('COGNATE_LOCAL_SRP_AHEAD=0: nothing drawn ahead, sign-ins still work', async () => {
  await stocked();
  process.env.COGNATE_LOCAL_SRP_AHEAD = '0';
  const { used: before, claimKeys } = srpAheadState();
  for (let i = 0; i < 3; i++) expect(await answer(await challenge('ada'), PASSWORD)).toBe('ok');
  expect(await answer(await challenge('ada'), 'nope')).toBe('NotAuthorizedException');
  expect(srpAheadState()).toMatchObject({ ephemerals: 2, claimKeys, used: before });
});
