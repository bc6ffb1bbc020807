/**
 * State that is over is forgotten (services/prune.ts), on both stores: token families and refresh
 * token records a day after they expired or were revoked, challenge sessions and OAuth records once
 * they expired, outbox messages a day after delivery. A sign-in forgets the user's own
 * old families, a delivery the user's own old messages, and the sweep (`local.prune()` runs one
 * whole, as the background timer does a batch at a time) the rest. Live state is never touched:
 * live refresh tokens keep working and reuse detection keeps working inside its window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { MemoryStore } from '../src/storage/memory-store.js';
import { SqliteStore } from '../src/storage/sqlite-store.js';
import { Pruner } from '../src/services/prune.js';
import { Clock } from '../src/services/clock.js';
import { BrowserAgent } from './browser-agent.js';
import { call, resetLocal, sdk, setClock, start, STORES } from './helpers.js';

const PASSWORD = 'Passw0rd!';
const APP = 'http://localhost:5173/callback';
const DAY = 86_400;
const FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

describe.each(STORES)('%s', (_name, makeStore) => {
  let server: RunningServer;
  let admin: CognitoIdentityProviderClient;
  let cleanup: () => void;
  let url: string;
  let poolId: string;
  let clientId: string;
  let rotatingId: string;
  let hostedId: string;

  const op = (name: string, body: unknown) => call(url, name, body);
  const clock = (offsetSeconds: number) => setClock(url, { offsetSeconds });
  const count = (kind: Parameters<RunningServer['local']['services']['store']['count']>[0], prefix = '') => server.local.services.store.count(kind, prefix);

  async function user(username: string, temporary = false): Promise<void> {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        ...(temporary ? { TemporaryPassword: PASSWORD } : {}),
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    if (!temporary) await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  async function signIn(username: string, id = clientId) {
    const res = await op('InitiateAuth', { ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } });
    expect(res.status).toBe(200);
    return res.body.AuthenticationResult as { AccessToken: string; IdToken: string; RefreshToken: string };
  }

  const refresh = (RefreshToken: string, id = clientId) =>
    op('InitiateAuth', { ClientId: id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken } });
  const messages = async (username: string) =>
    ((await (await fetch(`${url}/_local/messages?userPoolId=${poolId}&username=${username}`)).json()) as { messages: unknown[] }).messages;

  beforeAll(async () => {
    const store = makeStore();
    cleanup = store.cleanup;
    server = await start(store.options);
    url = server.url;
    admin = sdk(url);
  });
  beforeEach(async () => {
    // Each test counts whole kinds: it starts from an empty store.
    await resetLocal(url);
    poolId = (await admin.send(new CreateUserPoolCommand({ PoolName: 'prune' }))).UserPool!.Id!;
    const client = async (extra: object) =>
      (await admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: [...FLOWS], ...extra }))).UserPoolClient!
        .ClientId!;
    clientId = await client({ RefreshTokenValidity: 1, TokenValidityUnits: { RefreshToken: 'days' } });
    rotatingId = await client({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
    hostedId = await client({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [APP],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });
  afterEach(async () => {
    await clock(0);
  });
  afterAll(async () => {
    admin?.destroy();
    await server?.close();
    cleanup?.();
  });

  it('expired families and refresh tokens go a day after the refresh token validity: on the user’s next sign-in, and in the sweep; live ones stay', async () => {
    await user('expiring');
    const family = `${poolId}/expiring/`;
    await signIn('expiring');
    const second = await signIn('expiring');
    expect([count('family', family), count('refresh')]).toEqual([2, 2]);

    // Expired, but within the day after: kept, and refused with Cognito's own words.
    await clock(DAY + 60);
    expect(await server.local.prune()).toBe(0);
    expect([count('family', family), count('refresh')]).toEqual([2, 2]);
    expect((await refresh(second.RefreshToken)).body).toMatchObject({ __type: 'NotAuthorizedException', message: 'Refresh Token has expired' });

    // A day later: the user's next sign-in drops their old families (a prefix of their own rows)...
    await clock(2 * DAY + 60);
    const live = await signIn('expiring');
    expect(count('family', family)).toBe(1);
    // ...and the sweep their refresh records (keyed by the token, not the user).
    expect(count('refresh')).toBe(3);
    expect(await server.local.prune()).toBe(2);
    expect([count('family', family), count('refresh')]).toEqual([1, 1]);
    // The live token still works, and the forgotten one is refused.
    expect((await refresh(live.RefreshToken)).status).toBe(200);
    expect((await refresh(second.RefreshToken)).body).toMatchObject({ __type: 'NotAuthorizedException' });

    // Without a sign-in, the sweep alone forgets a family.
    await clock(4 * DAY + 120);
    expect(await server.local.prune()).toBe(2);
    expect([count('family'), count('refresh')]).toEqual([0, 0]);
  });

  it('revoked families go a day after revocation; a rotated-away token keeps reuse detection working inside its window', async () => {
    await user('rotating');
    const family = `${poolId}/rotating/`;
    const first = await signIn('rotating', rotatingId);
    const rotated = await op('GetTokensFromRefreshToken', { ClientId: rotatingId, RefreshToken: first.RefreshToken });
    expect(rotated.status).toBe(200);
    expect([count('family', family), count('refresh')]).toEqual([1, 2]);

    // A sweep in the race window and after it keeps both records: reuse detection needs the old one.
    await clock(5);
    expect(await server.local.prune()).toBe(0);
    await clock(60);
    expect(await server.local.prune()).toBe(0);
    const replay = await op('GetTokensFromRefreshToken', { ClientId: rotatingId, RefreshToken: first.RefreshToken });
    expect(replay.body.__type).toBe('RefreshTokenReuseException');
    // The replay ended the family, the new token included.
    const after = await op('GetTokensFromRefreshToken', { ClientId: rotatingId, RefreshToken: rotated.body.AuthenticationResult.RefreshToken });
    expect(after.body).toMatchObject({ __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });

    // Revoked, but its 30-day refresh validity far from over: gone a day after the revocation.
    await clock(60 + DAY - 10);
    expect(await server.local.prune()).toBe(0);
    await clock(60 + DAY + 10);
    expect(await server.local.prune()).toBe(3);
    expect([count('family', family), count('refresh')]).toEqual([0, 0]);
    const forgotten = await op('GetTokensFromRefreshToken', { ClientId: rotatingId, RefreshToken: first.RefreshToken });
    expect(forgotten.body).toMatchObject({ __type: 'NotAuthorizedException' });
  });

  it('challenge sessions go once AuthSessionValidity is over; a live one stays and is answered', async () => {
    await user('newpw', true);
    const challenge = async () => {
      const res = await op('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'newpw', PASSWORD } });
      expect(res.body.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      return res.body.Session as string;
    };
    await challenge();
    await challenge();
    expect(count('session')).toBe(2);
    await clock(3 * 60 - 10);
    expect(await server.local.prune()).toBe(0);
    await clock(3 * 60 + 10);
    const live = await challenge();
    expect(await server.local.prune()).toBe(2);
    expect(count('session')).toBe(1);
    const answer = await op('RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: live,
      ChallengeResponses: { USERNAME: 'newpw', NEW_PASSWORD: 'N3w-Passw0rd!' },
    });
    expect(answer.status).toBe(200);
  });

  it('OAuth flows, codes and hosted-UI sessions go once they expire', async () => {
    await user('hosted');
    const agent = new BrowserAgent();
    const authorize = `${url}/oauth2/authorize?${new URLSearchParams({ client_id: hostedId, redirect_uri: APP, response_type: 'code', scope: 'openid' })}`;
    const loginUrl = new URL((await agent.get(authorize)).headers.get('location')!, url).href;
    const form = await (await agent.get(loginUrl)).text();
    const done = await agent.submit(loginUrl, form, { username: 'hosted', password: PASSWORD });
    expect(new URL(done.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const before = count('oauth');
    expect(count('oauth', 'code/')).toBe(1);
    expect(count('oauth', 'session/')).toBe(1);
    // The code lives 5 minutes: after them, it goes; the hosted session (an hour) stays.
    await clock(300 + 10);
    const swept = await server.local.prune();
    expect(count('oauth', 'code/')).toBe(0);
    expect(count('oauth', 'session/')).toBe(1);
    expect(swept).toBe(before - count('oauth'));
    // An hour and more: everything of this sign-in is gone.
    await clock(3600 + 10);
    await server.local.prune();
    expect(count('oauth')).toBe(0);
  });

  it('a user’s outbox read and GlobalSignOut read that user’s rows, not the other users’', async () => {
    await user('me');
    expect((await op('ForgotPassword', { ClientId: clientId, Username: 'me' })).status).toBe(200);
    const store = server.local.services.store;
    const now = Math.floor(Date.now() / 1000);
    store.transaction(() => {
      for (let i = 0; i < 5000; i++) {
        const username = `other-${i}`;
        store.put('family', `${poolId}/${username}/f${i}`, {
          poolId,
          clientId,
          username,
          originJti: `f${i}`,
          authTime: now,
          createdAt: now,
          expiresAt: now + DAY,
          revoked: false,
        });
        store.put('message', `${poolId}/${username}/${now}-${i}`, {
          id: `m${i}`,
          sequence: `${now}-${i}`,
          userPoolId: poolId,
          username,
          kind: 'ForgotPassword',
          deliveryMedium: 'EMAIL',
          destination: `${username}@example.com`,
          message: 'code',
          createdAt: now,
        });
      }
    });
    // Every row the store hands out while serving the two requests.
    let rows = 0;
    const list = store.list.bind(store);
    store.list = ((...args: Parameters<typeof store.list>) => {
      const found = list(...args);
      rows += found.length;
      return found;
    }) as typeof store.list;
    try {
      const { AccessToken } = await signIn('me');
      expect((await messages('me')).length).toBe(1);
      expect((await op('GlobalSignOut', { AccessToken })).status).toBe(200);
    } finally {
      delete (store as { list?: unknown }).list;
    }
    expect(rows).toBeLessThan(50);
  });

  it('outbox messages go a day after delivery: on the user’s next delivery, and in the sweep', async () => {
    await user('mail');
    await user('other');
    const forgot = async (username: string) => expect((await op('ForgotPassword', { ClientId: clientId, Username: username })).status).toBe(200);
    await forgot('mail');
    await forgot('mail');
    await forgot('other');
    expect((await messages('mail')).length).toBe(2);
    await clock(DAY - 10);
    expect(await server.local.prune()).toBe(0);
    await clock(DAY + 10);
    await forgot('mail');
    expect((await messages('mail')).length).toBe(1);
    expect(count('message', `${poolId}/other/`)).toBe(1);
    // The other user's message and its entry in the destination index.
    expect([count('message'), count('messageIndex')]).toEqual([2, 2]);
    expect(await server.local.prune()).toBe(2);
    expect([count('message'), count('messageIndex')]).toEqual([1, 1]);
    // Read by the address it went to, through the index.
    const byAddress = await fetch(`${url}/_local/messages?userPoolId=${poolId}&username=mail@example.com`);
    expect(((await byAddress.json()) as { messages: unknown[] }).messages.length).toBe(1);
  });
});

describe('the background sweep', () => {
  it.each([
    ['MemoryStore', () => ({ store: new MemoryStore(), cleanup() {} })],
    [
      'SqliteStore',
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'cognate-prune-store-'));
        return { store: new SqliteStore(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
      },
    ],
  ] as const)('%s: looks at a bounded batch per tick and goes round every kind', (_name, make) => {
    const { store, cleanup } = make();
    try {
      const clock = new Clock();
      const now = clock.now();
      for (let i = 0; i < 50; i++) store.put('session', `s${String(i).padStart(3, '0')}`, { expiresAt: now - 2 * 3600 });
      store.put('session', 'zlive', { expiresAt: now + 60 });
      for (let i = 0; i < 10; i++) store.put('message', `p/u/${i}`, { createdAt: now - 2 * DAY });
      const pruner = new Pruner({ store, clock, log: () => {} });
      // Families and refresh records are empty: the first tick passes them and takes 20 sessions.
      expect(pruner.tick(20)).toBe(20);
      expect(store.count('session', '')).toBe(31);
      expect(pruner.tick(20)).toBe(20);
      // The last 10 sessions and the live one, then (OAuth being empty) 9 of the 10 messages.
      expect(pruner.tick(20)).toBe(19);
      expect(store.count('session', '')).toBe(1);
      expect(store.count('message', '')).toBe(1);
      expect(pruner.tick(20)).toBe(1);
      expect(store.count('message', '')).toBe(0);
      expect(store.get('session', 'zlive')).toEqual({ expiresAt: now + 60 });
    } finally {
      store.close();
      cleanup();
    }
  });
});
