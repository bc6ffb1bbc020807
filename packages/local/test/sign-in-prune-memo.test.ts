/**
 * A password sign-in forgets the user's own long-over token families, but no longer reads every
 * family of the user on every sign-in: it remembers, per user, the soonest time one can be over
 * (services/tokens.ts). That shortcut must never keep an over family past a sign-in that comes
 * after its time, whatever happened in between: sign-outs, revocations, sessions added, the clock
 * moved forward, back (a reset) and forward again. Both stores.
 */
import { CreateUserPoolClientCommand, CreateUserPoolCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, sdk, setClock, start, STORES } from './helpers.js';

const PASSWORD = 'Passw0rd!';
const DAY = 86_400;

describe.each(STORES)('%s', (_name, makeStore) => {
  let server: RunningServer;
  let admin: CognitoIdentityProviderClient;
  let cleanup: () => void;
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    const store = makeStore();
    cleanup = store.cleanup;
    server = await start(store.options);
    admin = sdk(server.url);
    poolId = (await admin.send(new CreateUserPoolCommand({ PoolName: 'memo' }))).UserPool!.Id!;
    clientId = (
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'c',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          RefreshTokenValidity: 2,
          TokenValidityUnits: { RefreshToken: 'days' },
        }),
      )
    ).UserPoolClient!.ClientId!;
  });
  afterAll(async () => {
    admin?.destroy();
    await server?.close();
    cleanup?.();
  });

  const op = (name: string, body: unknown) => call(server.url, name, body);
  const families = (username: string) => server.local.services.store.count('family', `${poolId}/${username}/`);
  async function signIn(username: string) {
    const res = await op('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } });
    expect(res.status).toBe(200);
    return res.body.AuthenticationResult as { AccessToken: string; RefreshToken: string };
  }
  async function user(username: string) {
    await op('AdminCreateUser', { UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' });
    await op('AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true });
  }

  it('families revoked after the last prune are forgotten by the first sign-in a day after the revocation', async () => {
    await user('revoked');
    await setClock(server.url, { offsetSeconds: 0 });
    const first = await signIn('revoked');
    await signIn('revoked');
    expect(families('revoked')).toBe(2);
    // Revoked now: over a day from now, sooner than the two-day refresh validity.
    expect((await op('GlobalSignOut', { AccessToken: first.AccessToken })).status).toBe(200);
    await setClock(server.url, { offsetSeconds: DAY - 60 });
    await signIn('revoked');
    expect(families('revoked')).toBe(3);
    await setClock(server.url, { offsetSeconds: DAY + 60 });
    await signIn('revoked');
    // The two signed-out families are gone; the two sessions begun since stay.
    expect(families('revoked')).toBe(2);
    await setClock(server.url, { offsetSeconds: 0 });
  });

  it('with the clock moved forward, back and forward again, an expired family still goes at the first sign-in after its time', async () => {
    await user('clock');
    // Far ahead: the user's sign-in is remembered with a time far ahead too.
    await setClock(server.url, { offsetSeconds: 10 * DAY });
    await signIn('clock');
    // Back to now (as a test's reset does): sessions begun now expire in two days, over a day after.
    await setClock(server.url, { offsetSeconds: 0 });
    await signIn('clock');
    await signIn('clock');
    expect(families('clock')).toBe(3);
    await setClock(server.url, { offsetSeconds: 3 * DAY + 60 });
    await signIn('clock');
    // The two sessions of "now" are over; the one begun ten days ahead is live, and the new one.
    expect(families('clock')).toBe(2);
    await setClock(server.url, { offsetSeconds: 0 });
  });

  it('a family revoked while the clock was back goes at the first sign-in a day after its revocation, with no sign-in while it was back', async () => {
    await user('backrevoke');
    // Far ahead: the sign-in is remembered with a prune time about a day past that.
    await setClock(server.url, { offsetSeconds: 10 * DAY });
    await signIn('backrevoke');
    // Back to now, and signed out there by an admin (no sign-in while the clock is back): revoked now, over a day from now.
    await setClock(server.url, { offsetSeconds: 0 });
    expect((await op('AdminUserGlobalSignOut', { UserPoolId: poolId, Username: 'backrevoke' })).status).toBe(200);
    expect(families('backrevoke')).toBe(1);
    // Ahead again, past the remembered sign-in but before its prune time: the signed-out family is over (revoked 10 days ago).
    await setClock(server.url, { offsetSeconds: 10 * DAY + 3600 });
    await signIn('backrevoke');
    expect(families('backrevoke')).toBe(1);
    await setClock(server.url, { offsetSeconds: 0 });
  });

  it('a sign-in whose writes are rolled back leaves no memo: the over family it had forgotten is forgotten by the next sign-in', async () => {
    await user('rollback');
    await setClock(server.url, { offsetSeconds: 0 });
    await signIn('rollback');
    // Three days on, the two-day session is over; this sign-in forgets it, then its refresh token's write fails (a full disk).
    await setClock(server.url, { offsetSeconds: 3 * DAY + 60 });
    const store = server.local.services.store;
    const put = store.put;
    store.put = (kind, key, value) => {
      if (kind === 'refresh') throw new Error('disk full');
      put.call(store, kind, key, value);
    };
    try {
      const failed = await op('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'rollback', PASSWORD } });
      expect([failed.status, failed.body.__type]).toEqual([500, 'InternalErrorException']);
    } finally {
      // Back to the store's own method (the instance's own property goes).
      Reflect.deleteProperty(store, 'put');
    }
    // Rolled back: the over session is there again, and the next sign-in must forget it.
    expect(families('rollback')).toBe(1);
    await signIn('rollback');
    expect(families('rollback')).toBe(1);
    await setClock(server.url, { offsetSeconds: 0 });
  });

  it('many sign-ins without anything over keep every family, and the refresh tokens of all of them work', async () => {
    await user('many');
    const sessions = [];
    for (let i = 0; i < 20; i++) sessions.push(await signIn('many'));
    expect(families('many')).toBe(20);
    for (const s of [sessions[0]!, sessions[19]!]) {
      const res = await op('InitiateAuth', { ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: s.RefreshToken } });
      expect(res.status).toBe(200);
    }
  });
});
