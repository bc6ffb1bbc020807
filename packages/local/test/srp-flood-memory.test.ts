/**
 * An unauthenticated flood of InitiateAuth USER_SRP_AUTH that never answers cannot grow cognate-local's
 * memory without bound: each challenge's state (kept under its SECRET_BLOCK in the store's `session`
 * kind) expires with the client's AuthSessionValidity and is forgotten then by the prune sweep (and a
 * pool holds at most `limits.authSessionsPerPool` of them: state-bounds.test.ts), for known users and for the simulated challenges of unknown ones alike; the claim keys
 * computed ahead stay at most 1024 (services/srp.ts); and a challenge still answered signs in.
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
import { srpAheadState } from '../src/services/srp.js';
import { sdk, setClock, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
const PASSWORD = 'Passw0rd!';
/** The client's AuthSessionValidity (minutes). */
const VALIDITY_MINUTES = 3;

const srpStates = () => server.local.services.store.count('session', 'srp:');

function challenge(username: string, srpA = srpAToHex(startSrpSession().A)) {
  return client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srpA } }));
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'srp-flood' }))).UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'c',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        AuthSessionValidity: VALIDITY_MINUTES,
      }),
    )
  ).UserPoolClient!.ClientId!;
  await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ada', MessageAction: 'SUPPRESS' }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ada', Password: PASSWORD, Permanent: true }));
});
afterAll(async () => {
  await setClock(server.url, { offsetSeconds: 0 });
  server?.close();
});

it('unanswered challenges, for known and unknown users, are forgotten once over; claim keys stay bounded; a live challenge still answers', async () => {
  const before = srpStates();
  const attackerA = srpAToHex(startSrpSession().A); // one A, sent again and again: it costs the attacker nothing
  for (let round = 0; round < 6; round++) {
    await Promise.all(Array.from({ length: 50 }, (_, i) => challenge(i % 2 ? 'ada' : `nobody-${round}-${i}`, attackerA)));
  }
  await new Promise(resolve => setImmediate(resolve));
  expect(srpStates() - before).toBe(300);
  expect(srpAheadState().claimKeys).toBeLessThanOrEqual(1024);

  // Nothing goes while a challenge could still be answered.
  await setClock(server.url, { offsetSeconds: VALIDITY_MINUTES * 60 - 10 });
  expect(await server.local.prune()).toBe(0);
  expect(srpStates() - before).toBe(300);

  // Past it, every unanswered challenge's state is forgotten; one started now stays and is answered.
  await setClock(server.url, { offsetSeconds: VALIDITY_MINUTES * 60 + 10 });
  const session = startSrpSession();
  const live = await challenge('ada', srpAToHex(session.A));
  expect(await server.local.prune()).toBeGreaterThanOrEqual(300);
  expect(srpStates()).toBe(1);

  const p = live.ChallengeParameters!;
  const timestamp = formatSrpTimestamp(); // TIMESTAMP is checked against real time, not the shifted clock
  const answered = await client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP!,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: await computePasswordClaimSignature({
          poolName: poolId.split('_')[1]!,
          userId: p.USER_ID_FOR_SRP!,
          password: PASSWORD,
          session,
          srpB: p.SRP_B!,
          salt: p.SALT!,
          secretBlock: p.SECRET_BLOCK!,
          timestamp,
        }),
      },
    }),
  );
  expect(answered.AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
  expect(srpStates()).toBe(0);
});
