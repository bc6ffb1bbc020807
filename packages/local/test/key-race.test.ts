import { createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sdk, start } from './helpers.js';
import { twoProcesses } from './two-processes.js';

// A pool's signing keys are made on first use and kept in the store. Two processes on one --data
// folder signing in for the first time at once must end up with the one stored key pair: a token
// one of them issues verifies against the other's JWKS, and the other accepts its access token.

const POOL = 'us-east-1_KeyRace1';
const CLIENT = 'keyrace0000000000000000000a';
const USERS = ['alice', 'bob', 'carol'];
const config = {
  userPools: [
    {
      Id: POOL,
      PoolName: 'keys',
      clients: [{ ClientId: CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: USERS.map(Username => ({ Username, Password: 'Passw0rd!', Attributes: { email: `${Username}@example.com` } })),
    },
  ],
};

const { configArgs, startTwo, tempDir } = twoProcesses('key-race');

async function signIn(url: string, username: string) {
  const out = await sdk(url).send(
    new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' } }),
  );
  return { id: out.AuthenticationResult!.IdToken!, access: out.AuthenticationResult!.AccessToken!, url, user: username };
}

function kidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
}

/** Whether `token`'s RS256 signature verifies against the key with its kid in the JWKS served at `url`. */
async function verifiesAgainst(url: string, token: string): Promise<boolean> {
  const { keys } = (await (await fetch(`${url}/${POOL}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
  const jwk = keys.find(k => k.kid === kidOf(token));
  if (!jwk) return false;
  const [header, payload, signature] = token.split('.');
  return verify('sha256', Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature!, 'base64url'));
}

describe('a pool signing key made on first use', () => {
  it('two processes on one fresh --data folder signing in at once share one key: each verifies the other’s tokens', async () => {
    for (let round = 0; round < 3; round++) {
      // Both are up before either signs in; seeding makes no keys, so neither has any yet.
      const [a, b] = await startTwo(configArgs(tempDir(), config));
      const urls = [a!.url, b!.url];
      // Everything at once on both: sign-ins and JWKS fetches (a resource server's first look), each of which needs the keys.
      const [tokens] = await Promise.all([
        Promise.all(urls.flatMap(url => USERS.map(user => signIn(url, user)))),
        Promise.all(urls.map(url => fetch(`${url}/${POOL}/.well-known/jwks.json`).then(r => r.json()))),
      ]);
      for (const token of tokens) {
        const other = token.url === urls[0] ? urls[1]! : urls[0]!;
        expect(await verifiesAgainst(other, token.id)).toBe(true);
        expect(await verifiesAgainst(other, token.access)).toBe(true);
        const user = await sdk(other).send(new GetUserCommand({ AccessToken: token.access }));
        expect(USERS).toContain(user.Username);
      }
      expect(new Set(tokens.map(t => kidOf(t.access))).size).toBe(1);
      expect(new Set(tokens.map(t => kidOf(t.id))).size).toBe(1);
    }
  }, 90_000);

  it('two processes making the keys while a third holds the --data write lock (its seed or reset) still share one key', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    const urls = [a!.url, b!.url];
    // Another writer on the folder holds the write lock while both processes see no keys and make
    // their own; when it lets go, both must settle on one key pair, not each keep its own.
    const other = new Database(join(dir, 'data', 'cognate-local.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const jwks = Promise.all(urls.map(url => fetch(`${url}/${POOL}/.well-known/jwks.json`).then(r => r.json())));
    await new Promise(resolve => setTimeout(resolve, 2000));
    other.exec('COMMIT');
    other.close();
    await jwks;
    const tokens = await Promise.all(urls.flatMap(url => USERS.map(user => signIn(url, user))));
    for (const token of tokens) {
      const otherUrl = token.url === urls[0] ? urls[1]! : urls[0]!;
      expect(await verifiesAgainst(otherUrl, token.id)).toBe(true);
      expect(await verifiesAgainst(otherUrl, token.access)).toBe(true);
      expect((await sdk(otherUrl).send(new GetUserCommand({ AccessToken: token.access }))).Username).toBe(token.user);
    }
  }, 60_000);

  it('in one process, parallel first sign-ins all sign with the same kid', async () => {
    const dataDir = tempDir();
    const server = await start({ dataDir, config });
    try {
      const tokens = await Promise.all([...USERS, ...USERS, ...USERS].map(user => signIn(server.url, user)));
      expect(new Set(tokens.map(t => kidOf(t.access))).size).toBe(1);
      expect(new Set(tokens.map(t => kidOf(t.id))).size).toBe(1);
      for (const token of tokens) expect(await verifiesAgainst(server.url, token.access)).toBe(true);
    } finally {
      await server.close();
    }
  }, 30_000);
});
