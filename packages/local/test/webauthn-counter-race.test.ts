/**
 * A passkey's signature counter is read, checked and advanced as one step per user (the user lock
 * of services/user-lock.ts, as the other read-then-writes in races.test.ts): assertions fired in
 * parallel that carry the same counter (a replayed or cloned authenticator) sign in once, not once
 * each from the same stale read. Both stores, through the AWS SDK over loopback; and two processes on
 * one --data folder, where the counter is checked again inside the write that advances it.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { sdk, start, STORES } from './helpers.js';
import { answerWebAuthn, createPasskeyPool, type PasskeyPool, registerPasskey, signedInUser, webAuthnChallenge } from './passkey-pool.js';
import { SoftAuthenticator } from './soft-authenticator.js';
import { throughHeldLock, twoProcesses } from './two-processes.js';

const { configArgs, startTwo, tempDir } = twoProcesses('passkey-race');

describe.each(STORES)('passkey signature counter under parallel sign-ins (%s)', (_name, make) => {
  let server: RunningServer;
  let client: CognitoIdentityProviderClient;
  let cleanup: () => void;
  let pool: PasskeyPool;

  beforeAll(async () => {
    const store = make();
    cleanup = store.cleanup;
    server = await start(store.options);
    client = sdk(server.url);
    pool = await createPasskeyPool(client, 'passkey-race');
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    cleanup?.();
  });

  /** A user with one registered passkey (counter 0). */
  async function userWithPasskey(username: string): Promise<SoftAuthenticator> {
    const key = new SoftAuthenticator();
    await registerPasskey(client, await signedInUser(pool, username), key);
    return key;
  }

  /** A WEB_AUTHN challenge: its Session and the options the authenticator signs. */
  const challenge = (username: string) => webAuthnChallenge(pool, username);

  const answer = (username: string, session: string, credential: Record<string, unknown>) => answerWebAuthn(pool, username, session, credential);

  /** How many answers had each outcome: `200`, or the error's name. */
  function tally(results: PromiseSettledResult<{ AuthenticationResult?: { AccessToken?: string } }>[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of results) {
      const key = r.status === 'fulfilled' ? (r.value.AuthenticationResult?.AccessToken ? '200' : 'no tokens') : (r.reason as Error).name;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  it('of parallel assertions with the same counter (a cloned authenticator) and a stale one, exactly one signs in', async () => {
    const key = await userWithPasskey('clone');
    // One sign-in first, so the stored counter is 1 and a stale assertion (counter 1) exists.
    const first = await challenge('clone');
    expect((await answer('clone', first.session, key.get(first.options))).AuthenticationResult?.AccessToken).toBeTruthy();
    expect(key.counter).toBe(1);

    const challenges = await Promise.all(Array.from({ length: 9 }, () => challenge('clone')));
    // Eight assertions carrying counter 2, each for its own challenge, and one with the stale counter 1.
    const cloned = challenges.slice(0, 8).map(c => ({ session: c.session, credential: key.get(c.options, { counter: 2 }) }));
    const stale = { session: challenges[8]!.session, credential: key.get(challenges[8]!.options, { counter: 1 }) };
    const results = await Promise.allSettled([...cloned, stale].map(a => answer('clone', a.session, a.credential)));
    expect(tally(results)).toEqual({ '200': 1, NotAuthorizedException: 8 });

    // The counter the winner stored is 2: another assertion at 2 is refused, one at 3 signs in.
    const again = await challenge('clone');
    expect((await Promise.allSettled([answer('clone', again.session, key.get(again.options, { counter: 2 }))]))[0]!.status).toBe('rejected');
    const next = await challenge('clone');
    expect((await answer('clone', next.session, key.get(next.options, { counter: 3 }))).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('the same assertion sent many times at once signs in once', async () => {
    const key = await userWithPasskey('replay');
    const { session, options } = await challenge('replay');
    const credential = key.get(options);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => answer('replay', session, credential)));
    expect(tally(results)).toEqual({ '200': 1, NotAuthorizedException: 7 });
  });
});

describe('passkey signature counter across two processes on one --data folder', () => {
  // The pool comes from a config with a client, not from CreateUserPool: `cognate-local start`
  // prints the line startCli waits for (the delivered-codes URL) only for a configured pool and
  // client, so processes started on an empty folder never count as up.
  const POOL = 'us-east-1_PasskeyRace';
  const CLIENT = 'passkeyraceclient000000001';
  const config = {
    userPools: [
      {
        Id: POOL,
        PoolName: 'passkey-race',
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
        clients: [{ ClientId: CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      },
    ],
  };

  it('two assertions with the same counter (a cloned authenticator), one to each process at once: one signs in, the other is refused', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    const clients = [sdk(a!.url), sdk(b!.url)];
    try {
      const pools: PasskeyPool[] = clients.map(client => ({ client, poolId: POOL, clientId: CLIENT }));
      const key = new SoftAuthenticator();
      await registerPasskey(clients[0]!, await signedInUser(pools[0]!, 'twin'), key);
      const challenges = [await webAuthnChallenge(pools[0]!, 'twin'), await webAuthnChallenge(pools[1]!, 'twin')];
      // Both carry counter 1, past the stored 0.
      const credentials = challenges.map(c => key.get(c.options, { counter: 1 }));
      const results = await throughHeldLock(dir, [a!.child.pid!, b!.child.pid!], () =>
        pools.map((pool, i) =>
          answerWebAuthn(pool, 'twin', challenges[i]!.session, credentials[i]!).then(
            out => (out.AuthenticationResult?.AccessToken ? '200' : 'no tokens'),
            (error: Error & { $metadata?: { httpStatusCode?: number } }) => `${error.$metadata?.httpStatusCode} ${error.name}: ${error.message}`,
          ),
        ),
      );
      expect(results.sort()).toEqual(['200', '400 NotAuthorizedException: Invalid WebAuthn credential.']);
    } finally {
      for (const client of clients) client.destroy();
    }
  }, 60_000);
});
