/**
 * The server side end to end, over real HTTP on loopback against a real cognate-local: a browser
 * (cognate with `ssr: true`, its cookies in a `BrowserJar` standing in for `document.cookie`) signs
 * in; a plain Node `http` server, an Express app and a Fetch handler built with `cognate-auth/node` read
 * the user from the cookies the browser sends. Covers verification (tampered, `alg: none`, foreign
 * pool, wrong `token_use`), refresh of an expired session with `Set-Cookie` back, an
 * unrefreshable session, chunked cookies, context misuse, and isolation under concurrency.
 */
import express from 'express';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Amplify } from '../src/index.js';
import { signIn, fetchAuthSession as clientFetchAuthSession } from '../src/auth.js';
import { createServerRunner, type RequestAuth } from '../src/node/index.js';
import { fetchAuthSession, getCurrentUser, fetchUserAttributes } from '../src/server/auth-server.js';
import { runWithAmplifyServerContext } from '../src/server/context.js';
import { BrowserJar, uninstallDocument } from './browser-jar.js';
import { call, createPoolAndClient, setClock, startLocal } from './helpers.js';
import { serveFetch, serveNode, type Served } from './serve.js';

const PASSWORD = 'Corr3ct-Horse!';
const ALICE = 'alice@example.com';
const BIG = 'big-claims';
let local: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
let config: { Auth: { Cognito: { userPoolId: string; userPoolClientId: string; userPoolEndpoint: string } } };
const servers: Record<'node' | 'express' | 'fetch', Served> = {} as never;
const rejected: string[] = [];

async function createUser(username: string, attributes: { Name: string; Value: string }[] = [], poolId = pool.userPoolId) {
  await call(local.url, 'AdminCreateUser', { UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes });
  await call(local.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true });
}

/** Signs in through cognate in "the browser" (`ssr: true`); `offsetSeconds` < 0 gives tokens issued in the past. */
async function browserSignIn(username: string, offsetSeconds = 0): Promise<BrowserJar> {
  const jar = new BrowserJar().install();
  try {
    if (offsetSeconds) await setClock(local.url, { offsetSeconds });
    Amplify.configure(config, { ssr: true });
    const result = await signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(result.isSignedIn).toBe(true);
  } finally {
    if (offsetSeconds) await setClock(local.url, { offsetSeconds: 0 });
    uninstallDocument();
  }
  return jar;
}

/** What each test server answers on /me. */
async function who(auth: RequestAuth) {
  try {
    const user = await auth.getCurrentUser();
    const session = await auth.fetchAuthSession();
    return { username: user.username, sub: session.userSub, accessToken: session.tokens?.accessToken.toString() };
  } catch (error) {
    return { signedOut: true, error: (error as Error).name };
  }
}

async function me(kind: keyof typeof servers, jar: BrowserJar) {
  const response = await jar.fetch(`${servers[kind].url}/me`);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON answer, read by each test field by field
    body: (await response.json()) as Record<string, any>,
    setCookie: response.headers.getSetCookie(),
    cacheControl: response.headers.get('cache-control'),
  };
}

const key = (field: string, username = ALICE) => `CognitoIdentityServiceProvider.${pool.userPoolClientId}.${username}.${field}`;
const encodedKey = (field: string, username = ALICE) => key(field, username).replace('@', '%40');

beforeAll(async () => {
  local = await startLocal();
  pool = await createPoolAndClient(
    local.url,
    { Schema: ['bio1', 'bio2', 'bio3'].map(Name => ({ Name, AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '2048' } })) },
    { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 } },
  );
  config = { Auth: { Cognito: { ...pool, userPoolEndpoint: local.url } } };
  await createUser(ALICE, [{ Name: 'email', Value: ALICE }]);
  await createUser(
    BIG,
    ['bio1', 'bio2', 'bio3'].map(n => ({ Name: `custom:${n}`, Value: n.repeat(500).slice(0, 2000) })),
  );

  const runner = createServerRunner({ config, runtimeOptions: { onRejected: reason => rejected.push(reason) } });
  // Plain Node http, with the adapter-core style API: runWithAmplifyServerContext + cognate/auth/server.
  servers.node = await serveNode(async (req, res) => {
    const body = await runner.runWithAmplifyServerContext({
      request: req,
      response: res,
      operation: async ctx => {
        try {
          const user = await getCurrentUser(ctx);
          const session = await fetchAuthSession(ctx);
          return { username: user.username, sub: session.userSub, accessToken: session.tokens?.accessToken.toString() };
        } catch (error) {
          return { signedOut: true, error: (error as Error).name };
        }
      },
    });
    res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
  });
  // Express: the middleware sets a lazy req.auth.
  const app = express();
  app.use(runner.express());
  app.get('/me', async (req, res) => {
    res.json(await who((req as unknown as { auth: RequestAuth }).auth));
  });
  app.get('/attributes', async (req, res) => {
    res.json(await (req as unknown as { auth: RequestAuth }).auth.fetchUserAttributes());
  });
  servers.express = await serveNode(app);
  // A Fetch handler (Hono-style), bridged onto Node http.
  servers.fetch = await serveFetch(runner.fetch(async (_request, auth) => Response.json(await who(auth))));
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map(s => s.close()));
  await local?.close();
});

describe('reading the session from cookies the browser wrote', () => {
  let jar: BrowserJar;
  beforeAll(async () => {
    jar = await browserSignIn(ALICE);
  });

  it('the browser wrote Amplify cookie names, js-cookie encoded', () => {
    expect(jar.cookies.has(encodedKey('accessToken'))).toBe(true);
    expect(jar.cookies.get(`CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser`)).toBe('alice@example.com');
  });

  for (const kind of ['node', 'express', 'fetch'] as const) {
    it(`${kind}: getCurrentUser / fetchAuthSession see the signed-in user, and write nothing`, async () => {
      const { body, setCookie } = await me(kind, jar);
      expect(body.username).toBe(ALICE);
      expect(body.sub).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.accessToken).toBe(jar.find('.accessToken'));
      expect(setCookie).toEqual([]);
    });

    it(`${kind}: no cookies → signed out`, async () => {
      const { body } = await me(kind, new BrowserJar());
      expect(body).toEqual({ signedOut: true, error: 'UserUnAuthenticatedException' });
    });
  }

  it('express: fetchUserAttributes through req.auth', async () => {
    const response = await jar.fetch(`${servers.express.url}/attributes`);
    expect(await response.json()).toMatchObject({ email: ALICE });
  });
});

describe('verification: forged tokens read as signed out', () => {
  let jar: BrowserJar;
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const parts = (token: string) => token.split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString());
  beforeAll(async () => {
    jar = await browserSignIn(ALICE);
  });
  const forged = (field: 'accessToken' | 'idToken', make: (token: string) => string) => {
    const copy = jar.clone();
    copy.cookies.set(encodedKey(field), make(jar.find(`.${field}`)!));
    return copy;
  };

  const cases: Record<string, () => BrowserJar | Promise<BrowserJar>> = {
    'tampered payload (another sub), original signature': () =>
      forged('accessToken', t => {
        const [h, p, s] = parts(t);
        return `${h}.${b64({ ...decode(p!), sub: '00000000-0000-0000-0000-000000000000' })}.${s}`;
      }),
    'tampered id token (other username)': () =>
      forged('idToken', t => {
        const [h, p, s] = parts(t);
        return `${h}.${b64({ ...decode(p!), 'cognito:username': 'mallory' })}.${s}`;
      }),
    'alg: none': () =>
      forged('accessToken', t => {
        const [h, p] = parts(t);
        return `${b64({ ...decode(h!), alg: 'none' })}.${p}.`;
      }),
    'alg: HS256 signed with the public key text': () =>
      forged('accessToken', t => {
        const [h, p, s] = parts(t);
        return `${b64({ ...decode(h!), alg: 'HS256' })}.${p}.${s}`;
      }),
    'wrong token_use (the id token in the access token cookie)': () => forged('accessToken', () => jar.find('.idToken')!),
    garbage: () => forged('accessToken', () => 'not-a-jwt'),
    'a token from another pool (signed by that pool, valid there)': async () => {
      const other = await createPoolAndClient(local.url);
      await createUser(ALICE, [], other.userPoolId);
      const { AuthenticationResult: tokens } = await call(local.url, 'InitiateAuth', {
        ClientId: other.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: ALICE, PASSWORD },
      });
      const copy = jar.clone();
      copy.cookies.set(encodedKey('accessToken'), tokens.AccessToken);
      copy.cookies.set(encodedKey('idToken'), tokens.IdToken);
      return copy;
    },
  };
  for (const [name, make] of Object.entries(cases)) {
    it(name, async () => {
      const forgedJar = await make();
      for (const kind of ['node', 'express', 'fetch'] as const) {
        const { body, setCookie } = await me(kind, forgedJar);
        expect(body, kind).toEqual({ signedOut: true, error: 'UserUnAuthenticatedException' });
        expect(setCookie, kind).toEqual([]);
      }
    });
  }

  it("keys pinned in one runner are not trusted by another runner of the same pool (each runner's verifier owns its keys)", async () => {
    const { generateKeyPairSync, createSign } = await import('node:crypto');
    const other = await createPoolAndClient(local.url);
    await createUser(ALICE, [{ Name: 'email', Value: ALICE }], other.userPoolId);
    const otherConfig = { Auth: { Cognito: { ...other, userPoolEndpoint: local.url } } };
    const { AuthenticationResult: real } = await call(local.url, 'InitiateAuth', {
      ClientId: other.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: ALICE, PASSWORD },
    });
    // A key of someone else's, pinned (by mistake or for a test) in one runner of this pool.
    const evil = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const evilJwk = { ...evil.publicKey.export({ format: 'jwk' }), kid: 'evil', alg: 'RS256', use: 'sig' } as JsonWebKey;
    const resign = (token: string) => {
      const input = `${b64({ ...decode(parts(token)[0]!), kid: 'evil' })}.${parts(token)[1]}`;
      return `${input}.${createSign('RSA-SHA256').update(input).sign(evil.privateKey).toString('base64url')}`;
    };
    const jar = new BrowserJar();
    const name = (field: string) => `CognitoIdentityServiceProvider.${other.userPoolClientId}.${encodeURIComponent(ALICE)}.${field}`;
    jar.cookies.set(name('accessToken'), resign(real.AccessToken));
    jar.cookies.set(name('idToken'), resign(real.IdToken));
    jar.cookies.set(`CognitoIdentityServiceProvider.${other.userPoolClientId}.LastAuthUser`, encodeURIComponent(ALICE));
    const pinned = createServerRunner({ config: otherConfig, runtimeOptions: { verify: { jwks: { keys: [evilJwk] } } } });
    const plain = createServerRunner({ config: otherConfig });
    const served = await Promise.all([pinned, plain].map(runner => serveFetch(runner.fetch(async (_request, auth) => Response.json(await who(auth))))));
    try {
      const ask = async (server: Served) => (await jar.fetch(`${server.url}/me`)).json();
      // The pinned runner trusts its own pinned key (that is what pinning means)…
      expect(await ask(served[0]!)).toMatchObject({ username: ALICE });
      // …and a runner made without it, for the same pool, does not: it checks against the pool's JWKS.
      expect(await ask(served[1]!)).toEqual({ signedOut: true, error: 'UserUnAuthenticatedException' });
    } finally {
      await Promise.all(served.map(s => s.close()));
    }
  });

  it('reports why a token was refused', () => {
    expect(rejected).toEqual(
      expect.arrayContaining(['accessToken: signature', 'idToken: signature', 'accessToken: alg', 'accessToken: token_use', 'accessToken: iss']),
    );
  });
});

describe('refresh', () => {
  for (const kind of ['node', 'express', 'fetch'] as const) {
    it(`${kind}: an expired token with a valid signature is refreshed and Set-Cookie carries the new tokens`, async () => {
      const jar = await browserSignIn(ALICE, -3700);
      const oldAccess = jar.find('.accessToken')!;
      const oldRefresh = jar.find('.refreshToken')!;
      expect(JSON.parse(Buffer.from(oldAccess.split('.')[1]!, 'base64url').toString()).exp * 1000).toBeLessThan(Date.now());
      const first = await me(kind, jar);
      expect(first.body.username).toBe(ALICE);
      expect(first.body.accessToken).not.toBe(oldAccess);
      const names = first.setCookie.map(line => line.slice(0, line.indexOf('=')));
      expect(names).toEqual(expect.arrayContaining([encodedKey('accessToken'), encodedKey('idToken'), encodedKey('refreshToken')]));
      const accessLine = first.setCookie.find(line => line.startsWith(`${encodedKey('accessToken')}=`))!;
      expect(accessLine).toMatch(/; Path=\/; Max-Age=31536000; Secure; SameSite=Lax$/);
      expect(first.cacheControl).toBe('private, no-store');
      // The browser now holds the refreshed (rotated) tokens; the next request needs no refresh.
      expect(jar.find('.accessToken')).toBe(first.body.accessToken);
      expect(jar.find('.refreshToken')).not.toBe(oldRefresh);
      const second = await me(kind, jar);
      expect(second.body.accessToken).toBe(first.body.accessToken);
      expect(second.setCookie).toEqual([]);
    });
  }

  it('an expired session whose refresh token was revoked reads as signed out, and its cookies are deleted', async () => {
    const jar = await browserSignIn(ALICE, -3700);
    await call(local.url, 'RevokeToken', { ClientId: pool.userPoolClientId, Token: jar.find('.refreshToken') });
    const { body, setCookie } = await me('node', jar);
    expect(body).toEqual({ signedOut: true, error: 'UserUnAuthenticatedException' });
    expect(setCookie.filter(l => l.includes('Max-Age=0')).length).toBeGreaterThanOrEqual(4);
    expect(jar.find('.accessToken')).toBeUndefined();
    expect(jar.find('.refreshToken')).toBeUndefined();
    expect(jar.cookies.has(`CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser`)).toBe(false);
  });

  it('an expired token without a refresh token reads as signed out', async () => {
    const jar = await browserSignIn(ALICE, -3700);
    jar.cookies.delete(encodedKey('refreshToken'));
    expect((await me('fetch', jar)).body.signedOut).toBe(true);
  });

  it('without a response to write to, an expired session is not refreshed (the rotated token would be lost)', async () => {
    const jar = await browserSignIn(ALICE, -3700);
    const runner = createServerRunner({ config });
    const request = { headers: { cookie: jar.header() } };
    const result = await runner.runWithAmplifyServerContext({ request, operation: ctx => fetchAuthSession(ctx) });
    expect(result.tokens).toBeUndefined();
    // With a response it is.
    const headers = new Map<string, unknown>();
    const response = {
      headersSent: false,
      getHeader: (n: string) => headers.get(n.toLowerCase()) as never,
      setHeader: (n: string, v: unknown) => headers.set(n.toLowerCase(), v),
    };
    const fresh = await runner.runWithAmplifyServerContext({
      request: { headers: { cookie: jar.header() } },
      response,
      operation: ctx => fetchAuthSession(ctx),
    });
    expect(fresh.tokens?.accessToken.payload.username).toBe(ALICE);
    expect((headers.get('set-cookie') as string[]).length).toBeGreaterThan(3);
  });

  it('cookie attributes follow runtimeOptions.cookies (server-only auth: HttpOnly, Strict, a Domain)', async () => {
    const jar = await browserSignIn(ALICE, -3700);
    const runner = createServerRunner({ config, runtimeOptions: { cookies: { httpOnly: true, sameSite: 'strict', domain: 'example.test', maxAge: 3600 } } });
    const headers = new Map<string, unknown>([['set-cookie', ['theme=dark; Path=/']]]);
    const response = {
      headersSent: false,
      getHeader: (n: string) => headers.get(n.toLowerCase()) as never,
      setHeader: (n: string, v: unknown) => headers.set(n.toLowerCase(), v),
    };
    await runner.auth({ headers: { cookie: jar.header() } }, response).fetchAuthSession();
    const lines = headers.get('set-cookie') as string[];
    // The app's own cookie is kept; ours follow it, one line per name.
    expect(lines[0]).toBe('theme=dark; Path=/');
    const access = lines.find(l => l.startsWith(`${encodedKey('accessToken')}=`))!;
    expect(access).toMatch(/; Domain=example\.test; Path=\/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict$/);
    expect(new Set(lines.map(l => l.slice(0, l.indexOf('=')))).size).toBe(lines.length);
  });
});

describe('chunked cookies', () => {
  it('an id token too large for one cookie is split on write and joined on read', async () => {
    // Signed in with tokens issued an hour ago: the server must refresh, and the new id token is ~8 KB.
    const jar = await browserSignIn(BIG, -3700);
    // cognate's browser storage splits the ~8 KB id token itself (a single cookie, as Amplify writes
    // it, would be dropped by the browser for exceeding 4 KB).
    expect(jar.dropped).toEqual([]);
    expect([...jar.cookies.keys()].filter(n => n.startsWith(`${key('idToken', BIG)}.`)).length).toBeGreaterThanOrEqual(3);
    const first = await me('express', jar);
    expect(first.body.username).toBe(BIG);
    const chunks = [...jar.cookies.keys()].filter(n => n.startsWith(`${key('idToken', BIG)}.`)).sort();
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const name of chunks) expect(name.length + jar.cookies.get(name)!.length).toBeLessThanOrEqual(3800);
    expect(jar.dropped).toEqual([]);
    // Read back on every server; no further writes.
    for (const kind of ['node', 'express', 'fetch'] as const) {
      const again = await me(kind, jar);
      expect(again.body.username).toBe(BIG);
      expect(again.setCookie).toEqual([]);
    }
    // A forged chunk breaks the signature: signed out, not someone else.
    const forged = jar.clone();
    const last = chunks.at(-1)!;
    forged.cookies.set(last, forged.cookies.get(last)!.slice(0, -4) + 'AAAA');
    expect((await me('node', forged)).body.signedOut).toBe(true);
  });
});

describe('contexts', () => {
  it('a server API outside a context, or after it ended, is AmplifyServerContextError', async () => {
    await expect(fetchAuthSession(undefined as never)).rejects.toMatchObject({ name: 'AmplifyServerContextError', message: 'Invalid `contextSpec`.' });
    await expect(getCurrentUser({ token: { value: Symbol('x') } })).rejects.toMatchObject({ name: 'AmplifyServerContextError' });
    let leaked!: Parameters<typeof fetchUserAttributes>[0];
    await runWithAmplifyServerContext(config, {}, ctx => {
      leaked = ctx;
    });
    await expect(fetchUserAttributes(leaked)).rejects.toMatchObject({
      name: 'AmplifyServerContextError',
      message: 'Attempted to get the Amplify Server Context that may have been destroyed.',
    });
  });

  it('a client API inside a server context is AmplifyServerContextError', async () => {
    await expect(runWithAmplifyServerContext(config, {}, () => clientFetchAuthSession())).rejects.toMatchObject({ name: 'AmplifyServerContextError' });
    await expect(
      runWithAmplifyServerContext(config, {}, async () => {
        await new Promise(r => setTimeout(r, 1));
        return signIn({ username: 'x', password: 'y' });
      }),
    ).rejects.toMatchObject({ name: 'AmplifyServerContextError' });
    // …and still works outside one.
    expect((await clientFetchAuthSession()).tokens).toBeUndefined();
  });

  it('a context without a token provider is signed out', async () => {
    const session = await runWithAmplifyServerContext(config, {}, ctx => fetchAuthSession(ctx));
    expect(session).toEqual({ tokens: undefined, credentials: undefined, identityId: undefined, userSub: undefined });
  });
});

describe('isolation', () => {
  it('2,000 concurrent requests for 50 users each see only their own user, with refreshes in the middle', async () => {
    const users = Array.from({ length: 50 }, (_, i) => `iso-${i}`);
    for (const u of users) await createUser(u);
    const jars = new Map<string, BrowserJar>();
    // Every fifth user's tokens are expired: their requests refresh while the others read.
    for (const [i, u] of users.entries()) jars.set(u, await browserSignIn(u, i % 5 === 0 ? -3700 : 0));
    const kinds = ['node', 'express', 'fetch'] as const;
    const results = await Promise.all(
      Array.from({ length: 2000 }, async (_, i) => {
        const user = users[(i * 7) % users.length]!;
        // Each request carries the user's cookies as they were (the expired ones refresh every time).
        const response = await fetch(`${servers[kinds[i % 3]!].url}/me`, { headers: { cookie: jars.get(user)!.header() } });
        // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON answer, read by each test field by field
        const body = (await response.json()) as Record<string, any>;
        return { user, body, refreshed: response.headers.getSetCookie().length > 0 };
      }),
    );
    const wrong = results.filter(r => r.body.username !== r.user);
    expect(wrong).toEqual([]);
    for (const r of results) {
      expect(JSON.parse(Buffer.from(r.body.accessToken.split('.')[1], 'base64url').toString()).username).toBe(r.user);
    }
    expect(results.filter(r => r.refreshed).length).toBe(400);
  }, 120_000);
});
