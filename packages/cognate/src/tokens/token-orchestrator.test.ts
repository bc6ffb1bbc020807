import { describe, expect, it } from 'vitest';
import { createAuthContext } from '../context/auth-context.js';
import { HubClass } from '../hub/hub.js';
import { InMemoryStorage } from '../storage/in-memory-storage.js';
import { bytesToBase64Url, utf8Encode } from '@cognate/protocol';

const CLIENT_ID = 'client123';
const jwt = (payload: object) => `${bytesToBase64Url(utf8Encode('{"alg":"none"}'))}.${bytesToBase64Url(utf8Encode(JSON.stringify(payload)))}.sig`;
const now = () => Math.floor(Date.now() / 1000);

function setup(respond: (body: Record<string, unknown>) => Response | Promise<Response>) {
  const storage = new InMemoryStorage();
  const hub = new HubClass('test');
  const events: string[] = [];
  hub.listen('auth', ({ payload }) => events.push(payload.event));
  let calls = 0;
  const ctx = createAuthContext({
    resourcesConfig: () => ({ Auth: { Cognito: { userPoolId: 'us-east-1_abc', userPoolClientId: CLIENT_ID, userPoolEndpoint: 'http://cognito.test/' } } }),
    libraryOptions: () => ({
      fetch: async (_input, init) => {
        calls++;
        return respond(JSON.parse(String(init?.body)));
      },
    }),
    storage: () => storage,
    hub,
  });
  return { ctx, storage, events, calls: () => calls };
}

async function seed(ctx: ReturnType<typeof createAuthContext>, exp: number) {
  await ctx.tokens.setTokens({
    accessToken: { payload: { sub: 's', exp, iat: exp - 3600 }, toString: () => jwt({ sub: 's', exp, iat: exp - 3600 }) },
    refreshToken: 'refresh-1',
    clockDrift: 0,
    username: 'alice',
  });
}

const ok = (body: object) => new Response(JSON.stringify(body), { status: 200 });
const fail = (status: number, type: string) => () => new Response(JSON.stringify({ __type: type, message: type }), { status });

describe('TokenOrchestrator', () => {
  it('returns stored tokens without a request while they are fresh', async () => {
    const t = setup(() => ok({}));
    await seed(t.ctx, now() + 3600);
    expect((await t.ctx.tokens.getTokens())?.accessToken.payload.sub).toBe('s');
    expect(t.calls()).toBe(0);
  });

  it('refreshes within 5 s of expiry and keeps the refresh token when none is returned', async () => {
    let request: Record<string, unknown> | undefined;
    const t = setup(body => {
      request = body;
      return ok({
        AuthenticationResult: {
          AccessToken: jwt({ sub: 's', iat: now(), exp: now() + 3600, v: 2 }),
          IdToken: jwt({ sub: 's', 'cognito:username': 'alice', exp: now() + 3600 }),
        },
      });
    });
    await seed(t.ctx, now() + 4);
    const tokens = await t.ctx.tokens.getTokens();
    expect(tokens?.accessToken.payload.v).toBe(2);
    expect(request).toEqual({ ClientId: CLIENT_ID, RefreshToken: 'refresh-1' });
    expect(await t.storage.getItem(`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.refreshToken`)).toBe('refresh-1');
    expect(t.events).toEqual(['tokenRefresh']);
  });

  it('stores a rotated refresh token', async () => {
    const t = setup(() => ok({ AuthenticationResult: { AccessToken: jwt({ iat: now(), exp: now() + 3600 }), RefreshToken: 'refresh-2' } }));
    await seed(t.ctx, now() + 3600);
    await t.ctx.tokens.getTokens({ forceRefresh: true });
    expect(await t.storage.getItem(`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.refreshToken`)).toBe('refresh-2');
  });

  it('NotAuthorizedException: clears the session and reads as signed out', async () => {
    const t = setup(fail(400, 'NotAuthorizedException'));
    await seed(t.ctx, now() - 10);
    expect(await t.ctx.tokens.getTokens()).toBeNull();
    expect(t.storage.size).toBe(0);
    expect(t.events).toEqual(['tokenRefresh_failure']);
  });

  it('RefreshTokenReuseException: clears the session and throws', async () => {
    const t = setup(fail(400, 'RefreshTokenReuseException'));
    await seed(t.ctx, now() - 10);
    await expect(t.ctx.tokens.getTokens()).rejects.toMatchObject({ name: 'RefreshTokenReuseException' });
    expect(t.storage.size).toBe(0);
  });

  it('transient failures (5xx after retries) throw and keep the session', async () => {
    const t = setup(fail(500, 'InternalErrorException'));
    await seed(t.ctx, now() - 10);
    await expect(t.ctx.tokens.getTokens()).rejects.toMatchObject({ name: 'InternalErrorException' });
    expect(t.calls()).toBe(3);
    expect(await t.storage.getItem(`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.accessToken`)).not.toBeNull();
    expect(t.events).toEqual(['tokenRefresh_failure']);
  }, 10_000);

  it('one refresh for many concurrent callers', async () => {
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    const t = setup(async () => {
      await gate;
      return ok({ AuthenticationResult: { AccessToken: jwt({ iat: now(), exp: now() + 3600, v: 3 }) } });
    });
    await seed(t.ctx, now() - 10);
    const all = Promise.all(Array.from({ length: 50 }, () => t.ctx.tokens.getTokens()));
    await new Promise(r => setTimeout(r, 20));
    release();
    const results = await all;
    expect(t.calls()).toBe(1);
    expect(results.every(r => r?.accessToken.payload.v === 3)).toBe(true);
    expect(t.events).toEqual(['tokenRefresh']);
  });
});
