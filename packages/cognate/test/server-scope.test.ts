/**
 * The server's one request scope (`server/request-scope.ts`), which `cognate-auth/node` and
 * `cognate-auth/nextjs` both run on, against a real cognate-local over loopback: two requests in
 * flight at once never see each other's session (one of them held in the middle of its refresh while
 * the other completes), and a tampered token is refused by default — by the core and through both
 * adapters — while the same token passes when verification is turned off explicitly.
 */
import type { RunningServer } from 'cognate-local';
import { NextRequest, NextResponse } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerRunner as createNextRunner } from '../src/nextjs/index.js';
import { createServerRunner as createNodeRunner } from '../src/node/index.js';
import { fetchAuthSession, getCurrentUser } from '../src/server/auth-server.js';
import { encodeCookieName, parseCookieHeader } from '../src/server/cookies.js';
import { createServerScope, type RequestScope } from '../src/server/request-scope.js';
import type { ContextSpec } from '../src/server/context.js';
import { call, createPoolAndClient, setClock, startLocal } from './helpers.js';
import { serveNode } from './serve.js';

const PASSWORD = 'Corr3ct-Horse!';
let local: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
let config: { Auth: { Cognito: { userPoolId: string; userPoolClientId: string; userPoolEndpoint: string } } };

interface Session {
  username: string;
  sub: string;
  header: string;
}

const key = (username: string, field: string) => `CognitoIdentityServiceProvider.${pool.userPoolClientId}.${username}.${field}`;
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** Signs `username` in on the wire (`offsetSeconds` < 0: tokens issued in the past) and gives the Cookie header the browser would send. */
async function signedIn(username: string, offsetSeconds = 0): Promise<Session> {
  if (offsetSeconds) await setClock(local.url, { offsetSeconds });
  try {
    const { AuthenticationResult: tokens } = await call(local.url, 'InitiateAuth', {
      ClientId: pool.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    });
    const cookies: [string, string][] = [
      [key(username, 'accessToken'), tokens.AccessToken],
      [key(username, 'idToken'), tokens.IdToken],
      [key(username, 'refreshToken'), tokens.RefreshToken],
      [`CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser`, username],
    ];
    return { username, sub: payloadOf(tokens.AccessToken).sub as string, header: cookies.map(([n, v]) => `${encodeCookieName(n)}=${v}`).join('; ') };
  } finally {
    if (offsetSeconds) await setClock(local.url, { offsetSeconds: 0 });
  }
}

/** What one request sees. */
async function who(scope: RequestScope) {
  return scope.run(async (ctx: ContextSpec) => {
    try {
      const user = await getCurrentUser(ctx);
      const session = await fetchAuthSession(ctx);
      return { username: user.username, sub: session.userSub, tokenUser: session.tokens?.accessToken.payload.username };
    } catch (error) {
      return { signedOut: (error as Error).name };
    }
  });
}

beforeAll(async () => {
  local = await startLocal();
  pool = await createPoolAndClient(local.url);
  config = { Auth: { Cognito: { ...pool, userPoolEndpoint: local.url } } };
  for (const username of ['alice', 'bob']) {
    await call(local.url, 'AdminCreateUser', { UserPoolId: pool.userPoolId, Username: username, MessageAction: 'SUPPRESS' });
    await call(local.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  }
});

afterAll(async () => {
  await local?.close();
});

describe('two requests in flight at once', () => {
  it('each sees only its own session, even while one is held in the middle of its refresh and the other completes', async () => {
    const alice = await signedIn('alice', -2 * 3600); // expired: this request refreshes
    const bob = await signedIn('bob');
    // Alice's refresh call is held until Bob's whole request is done: the two scopes are alive at once.
    let release!: () => void;
    const bobDone = new Promise<void>(resolve => (release = resolve));
    const held: string[] = [];
    const gatedFetch: typeof fetch = async (input, init) => {
      const target = new Headers(init?.headers).get('x-amz-target');
      if (target) {
        held.push(target);
        await bobDone;
      }
      return fetch(input, init);
    };
    const server = createServerScope({ config, fetch: gatedFetch });
    const aliceScope = server.open({ cookies: alice.header, writable: () => true });
    const bobScope = server.open({ cookies: bob.header, writable: () => true });

    const aliceSees = who(aliceScope);
    const bobSees = await who(bobScope);
    release();
    expect(bobSees).toEqual({ username: 'bob', sub: bob.sub, tokenUser: 'bob' });
    expect(await aliceSees).toEqual({ username: 'alice', sub: alice.sub, tokenUser: 'alice' });
    expect(held).toEqual(['AWSCognitoIdentityProviderService.GetTokensFromRefreshToken']);

    // Only Alice's request wrote, and only Alice's cookies: her refreshed tokens.
    expect(bobScope.jar.setCookieHeaders()).toEqual([]);
    const written = aliceScope.jar.setCookieHeaders();
    expect(written.length).toBeGreaterThan(0);
    for (const line of written) expect(decodeURIComponent(line.slice(0, line.indexOf('=')))).toMatch(/\.alice\.|\.LastAuthUser$/);
    const newAccess = parseCookieHeader(written.map(line => line.split(';')[0]).join('; ')).get(key('alice', 'accessToken'))!;
    expect(payloadOf(newAccess).username).toBe('alice');
  });

  it('through each adapter too (Node over real HTTP, Next with NextRequest/NextResponse): the held request gets its own refreshed cookies, the other none', async () => {
    for (const front of ['node', 'nextjs'] as const) {
      const alice = await signedIn('alice', -2 * 3600);
      const bob = await signedIn('bob');
      let release!: () => void;
      const bobDone = new Promise<void>(resolve => (release = resolve));
      const gatedFetch: typeof fetch = async (input, init) => {
        if (new Headers(init?.headers).get('x-amz-target')) await bobDone;
        return fetch(input, init);
      };
      const seen = async (ctx: ContextSpec) => ({ username: (await getCurrentUser(ctx)).username, sub: (await fetchAuthSession(ctx)).userSub });
      let request: (header: string) => Promise<{ seen: unknown; setCookie: string[] }>;
      let close = async () => {};
      if (front === 'node') {
        const runner = createNodeRunner({ config, runtimeOptions: { fetch: gatedFetch } });
        const served = await serveNode(async (req, res) => {
          const body = await runner.runWithAmplifyServerContext({ request: req, response: res, operation: seen });
          res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
        });
        close = served.close;
        request = async header => {
          const response = await fetch(`${served.url}/`, { headers: { cookie: header } });
          return { seen: await response.json(), setCookie: response.headers.getSetCookie() };
        };
      } else {
        const runner = createNextRunner({ config, runtimeOptions: { fetch: gatedFetch } });
        request = async header => {
          const response = NextResponse.next();
          const nextServerContext = { request: new NextRequest('http://localhost:3000/', { headers: { cookie: header } }), response };
          return { seen: await runner.runWithAmplifyServerContext({ nextServerContext, operation: seen }), setCookie: response.headers.getSetCookie() };
        };
      }
      try {
        const aliceRequest = request(alice.header);
        const bobAnswer = await request(bob.header);
        release();
        const aliceAnswer = await aliceRequest;
        expect(bobAnswer).toEqual({ seen: { username: 'bob', sub: bob.sub }, setCookie: [] });
        expect(aliceAnswer.seen).toEqual({ username: 'alice', sub: alice.sub });
        const names = aliceAnswer.setCookie.map(line => decodeURIComponent(line.slice(0, line.indexOf('='))));
        expect(names).toContain(key('alice', 'accessToken'));
        for (const name of names) expect(name).toMatch(/\.alice\.|\.LastAuthUser$/);
      } finally {
        await close();
      }
    }
  });

  it('many interleaved requests of both users through one runner: nobody sees the other', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const server = createServerScope({ config });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const user = i % 2 ? bob : alice;
        return who(server.open({ cookies: user.header, writable: () => true })).then(seen => ({ user, seen }));
      }),
    );
    for (const { user, seen } of results) expect(seen).toEqual({ username: user.username, sub: user.sub, tokenUser: user.username });
  });
});

describe('a tampered token is refused by default', () => {
  /** Alice's cookies with her access token's payload rewritten to Bob's sub and username, signature kept. */
  async function tampered(): Promise<{ header: string; bobSub: string }> {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const cookies = parseCookieHeader(alice.header);
    const access = cookies.get(key('alice', 'accessToken'))!;
    const [h, p, s] = access.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: bob.sub, username: 'bob' })).toString('base64url');
    cookies.set(key('alice', 'accessToken'), `${h}.${forged}.${s}`);
    cookies.delete(key('alice', 'idToken'));
    return { header: [...cookies].map(([n, v]) => `${encodeCookieName(n)}=${v}`).join('; '), bobSub: bob.sub };
  }

  const operation = async (ctx: ContextSpec) => {
    const session = await fetchAuthSession(ctx);
    return { sub: session.userSub, tokens: session.tokens !== undefined };
  };

  type Run = (header: string, verify: false | undefined, rejected: string[]) => Promise<{ sub: string | undefined; tokens: boolean }>;
  const fronts: Record<string, Run> = {
    'the core (createServerScope)': (header, verify, rejected) =>
      createServerScope({ config, ...(verify === false ? { verify } : {}), onRejected: reason => rejected.push(reason) })
        .open({ cookies: header, writable: () => true })
        .run(operation),
    'cognate-auth/node': (header, verify, rejected) =>
      createNodeRunner({
        config,
        runtimeOptions: { ...(verify === false ? { verify } : {}), onRejected: reason => rejected.push(reason) },
      }).runWithAmplifyServerContext({
        request: { headers: { cookie: header } },
        operation,
      }),
    'cognate-auth/nextjs': (header, verify, rejected) =>
      createNextRunner({
        config,
        runtimeOptions: { ...(verify === false ? { verify } : {}), onRejected: reason => rejected.push(reason) },
      }).runWithAmplifyServerContext({
        nextServerContext: { request: new NextRequest('http://localhost:3000/', { headers: { cookie: header } }), response: NextResponse.next() },
        operation,
      }),
  };

  it('cookies that do not even decode read as signed out, and the verifier says which token and why', async () => {
    const alice = await signedIn('alice');
    const read = async (field: string, value: string) => {
      const cookies = parseCookieHeader(alice.header);
      cookies.set(key('alice', field), value);
      const rejected: string[] = [];
      const header = [...cookies].map(([n, v]) => `${encodeCookieName(n)}=${v}`).join('; ');
      const seen = await createServerScope({ config, onRejected: reason => rejected.push(reason) })
        .open({ cookies: header, writable: () => true })
        .run(operation);
      return { seen, rejected };
    };
    expect(await read('accessToken', 'not-a-jwt')).toEqual({ seen: { sub: undefined, tokens: false }, rejected: ['accessToken: malformed'] });
    expect(await read('idToken', 'not.a.jwt')).toEqual({ seen: { sub: undefined, tokens: false }, rejected: ['idToken: malformed'] });
    expect(await read('signInDetails', '{not json')).toEqual({ seen: { sub: undefined, tokens: false }, rejected: ['session cookies unreadable'] });
  });

  for (const [front, run] of Object.entries(fronts)) {
    it(`${front}: signed out, with the reason reported; only verify: false would let it through`, async () => {
      const { header, bobSub } = await tampered();
      const rejected: string[] = [];
      expect(await run(header, undefined, rejected)).toEqual({ sub: undefined, tokens: false });
      expect(rejected).toEqual(['accessToken: signature']);
      // The same cookies with verification turned off explicitly: the forged sub is believed.
      expect(await run(header, false, [])).toEqual({ sub: bobSub, tokens: true });
    });
  }
});

describe('an oversized Cookie header', () => {
  it('is read up to the limit: a session before it is seen, one past it reads as signed out; no error either way', async () => {
    const alice = await signedIn('alice');
    const junk = Array.from({ length: 20_000 }, (_, i) => `junk${i}=${'z'.repeat(50)}`).join('; ');
    const server = createServerScope({ config });
    expect(await who(server.open({ cookies: `${alice.header}; ${junk}` }))).toEqual({ username: 'alice', sub: alice.sub, tokenUser: 'alice' });
    expect(await who(server.open({ cookies: `${junk}; ${alice.header}` }))).toEqual({ signedOut: 'UserUnAuthenticatedException' });
  });
});

describe('one scope per request in cognate-auth/node', () => {
  it("a later call for the same request without the response still writes to the response the request's first call gave", async () => {
    const alice = await signedIn('alice', -2 * 3600); // expired: the second call refreshes
    const runner = createNodeRunner({ config });
    const served = await serveNode(async (req, res) => {
      runner.auth(req, res); // as runner.express() does for every request
      const session = await runner.runWithAmplifyServerContext({ request: req, operation: ctx => fetchAuthSession(ctx) });
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ sub: session.userSub ?? null }));
    });
    try {
      const response = await fetch(`${served.url}/`, { headers: { cookie: alice.header } });
      expect(await response.json()).toEqual({ sub: alice.sub });
      const names = response.headers.getSetCookie().map(line => decodeURIComponent(line.slice(0, line.indexOf('='))));
      expect(names).toContain(key('alice', 'accessToken'));
    } finally {
      await served.close();
    }
  });
});
