/**
 * SRP work done ahead of the request that needs it (services/srp.ts): server ephemerals (b, g^b)
 * drawn in a worker while the server is idle, so InitiateAuth answers without an exponentiation,
 * and each challenge's claim key computed as soon as B is sent, so RespondToAuthChallenge only
 * checks an HMAC. Through the AWS SDK: the right password signs in and a wrong one is refused on
 * those paths, no ephemeral is used twice, and a key made for one challenge never checks another.
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
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { srpAheadState } from '../src/services/srp.js';
import { sdk, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
const PASSWORD = 'Passw0rd!';

/** Yields to the event loop until the stock of ephemerals is full and no draw is out. */
async function stocked(): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(srpAheadState().ephemerals === 2 && srpAheadState().drawing === 0)) {
    if (Date.now() > deadline) throw new Error(`no ephemerals drawn ahead: ${JSON.stringify(srpAheadState())}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

async function challenge(username: string) {
  const session = startSrpSession();
  const r = await client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srpAToHex(session.A) } }),
  );
  return { session, p: r.ChallengeParameters! };
}

/** Answers `c` with a signature made for `signedFor` (by default `c` itself): 'ok' or the refusal's name. */
async function answer(c: Awaited<ReturnType<typeof challenge>>, password: string, signedFor = c): Promise<string> {
  const timestamp = formatSrpTimestamp();
  const signature = await computePasswordClaimSignature({
    poolName: poolId.split('_')[1]!,
    userId: signedFor.p.USER_ID_FOR_SRP!,
    password,
    session: signedFor.session,
    srpB: signedFor.p.SRP_B!,
    salt: signedFor.p.SALT!,
    secretBlock: c.p.SECRET_BLOCK!,
    timestamp,
  });
  try {
    const r = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: {
          USERNAME: c.p.USER_ID_FOR_SRP!,
          PASSWORD_CLAIM_SECRET_BLOCK: c.p.SECRET_BLOCK!,
          PASSWORD_CLAIM_SIGNATURE: signature,
          TIMESTAMP: timestamp,
        },
      }),
    );
    return r.AuthenticationResult?.AccessToken ? 'ok' : 'no tokens';
  } catch (error) {
    return (error as Error).name;
  }
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'ahead' }))).UserPool!.Id!;
  clientId = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] })))
    .UserPoolClient!.ClientId!;
  for (const username of ['ada', 'bob']) {
    await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
});
afterAll(() => server?.close());
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
