/**
 * An idle server runs its SRP steps inline and a busy one hands them to its worker pool
 * (services/srp.ts): sign-ins one at a time (inline) and many at once (the worker for all but the
 * first) get the same answers through the AWS SDK, right and wrong passwords alike.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { sdk, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

/** One USER_SRP_AUTH sign-in with `password`: 'ok' or the refusal's name. */
async function srpSignIn(username: string, password: string): Promise<string> {
  const session = startSrpSession();
  const first = await client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srpAToHex(session.A) } }),
  );
  const p = first.ChallengeParameters!;
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
  try {
    const r = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: {
          USERNAME: p.USER_ID_FOR_SRP!,
          PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
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
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'inline' }))).UserPool!.Id!;
  clientId = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] })))
    .UserPoolClient!.ClientId!;
  for (let i = 0; i < 8; i++) {
    await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: `u${i}`, MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: `u${i}`, Password: 'Passw0rd!', Permanent: true }));
  }
});
afterAll(() => server?.close());

it('one at a time: right and wrong passwords', async () => {
  expect(await srpSignIn('u0', 'Passw0rd!')).toBe('ok');
  expect(await srpSignIn('u0', 'Passw0rd?')).toBe('NotAuthorizedException');
  expect(await srpSignIn('u1', 'Passw0rd!')).toBe('ok');
});

it('many at once: the same answers', async () => {
  const results = await Promise.all(Array.from({ length: 16 }, (_, i) => srpSignIn(`u${i % 8}`, i % 4 === 3 ? 'wrong-Passw0rd' : 'Passw0rd!')));
  expect(results).toEqual(Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 'NotAuthorizedException' : 'ok')));
});
