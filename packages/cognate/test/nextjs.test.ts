/**
 * `cognate-auth/nextjs` against a real cognate-local, with Next's own request and cookie objects (Next
 * 16 as installed: `NextRequest`, `NextResponse`, and the sealed / mutable cookie stores that
 * `cookies()` returns in Server Components and Server Actions): every `nextServerContext` shape,
 * refresh only where cookies can be written, the server-side-auth cookie attributes and write
 * filter, one refresh per request, origin checks, and the route handlers' routing, Pages Router
 * path, customState, provider and lang, already-signed-in and sign-out passes. The full browser
 * flows are in e2e-nextjs.test.ts.
 */
import { createRequire } from 'node:module';
import type { RunningServer } from 'cognate-local';
import { NextRequest, NextResponse } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAuthSession, getCurrentUser } from '../src/server/auth-server.js';
import { createServerRunner } from '../src/nextjs/index.js';
import { probeWritable } from '../src/nextjs/cookies.js';
import type { NextCookieStore, NextServer } from '../src/nextjs/types.js';
import { call, createPoolAndClient, setClock, startLocal } from './helpers.js';

const require = createRequire(import.meta.url);
const nextCookies = require('next/dist/server/web/spec-extension/adapters/request-cookies.js');
const { RequestCookies } = require('next/dist/compiled/@edge-runtime/cookies/index.js');

const PASSWORD = 'Corr3ct-Horse!';
const ORIGIN = 'http://localhost:3000';
let local: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
let config: { Auth: { Cognito: Record<string, unknown> } };
let refreshCalls = 0;
const countingFetch: typeof fetch = (input, init) => {
  const target = new Headers(init?.headers).get('x-amz-target') ?? '';
  if (target.endsWith('GetTokensFromRefreshToken') || target.endsWith('InitiateAuth')) refreshCalls++;
  return fetch(input, init);
};

/** Signs `username` in over the wire; `expired` gives tokens issued an hour ago. Returns a Cookie header. */
async function session(username = 'nina', expired = false): Promise<{ header: string; access: string; refresh: string; name: (f: string) => string }> {
  if (expired) await setClock(local.url, { offsetSeconds: -3700 });
  try {
    const { AuthenticationResult: r } = await call(local.url, 'InitiateAuth', {
      ClientId: pool.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    });
    const name = (field: string) => `CognitoIdentityServiceProvider.${pool.userPoolClientId}.${username}.${field}`;
    const header = [
      `${name('accessToken')}=${r.AccessToken}`,
      `${name('idToken')}=${r.IdToken}`,
      `${name('refreshToken')}=${r.RefreshToken}`,
      `CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser=${username}`,
      'theme=dark',
    ].join('; ');
    return { header, access: r.AccessToken, refresh: r.RefreshToken, name };
  } finally {
    if (expired) await setClock(local.url, { offsetSeconds: 0 });
  }
}

/** What `await cookies()` is in a Server Component (read-only) or a Server Action (writable), built from Next's own adapters. */
function cookieStore(header: string, kind: 'component' | 'action'): NextCookieStore & { written: () => string[] } {
  const request = new RequestCookies(new Headers({ cookie: header }));
  if (kind === 'component') return Object.assign(nextCookies.RequestCookiesAdapter.seal(request), { written: () => [] });
  let written: string[] = [];
  const requestStore = { phase: 'action', mutableCookies: nextCookies.MutableRequestCookiesAdapter.wrap(request, (lines: string[]) => (written = lines)) };
  return Object.assign(nextCookies.createCookiesWithMutableAccessCheck(requestStore), { written: () => written });
}

/** A Set-Cookie line as `{ value, attributes }` (attribute names lower-cased; flags → true). */
function parseSetCookie(line: string) {
  const [pair, ...rest] = line.split(/;\s*/);
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    attributes[(eq < 0 ? part : part.slice(0, eq)).toLowerCase()] = eq < 0 ? true : part.slice(eq + 1);
  }
  return { value: pair!.slice(pair!.indexOf('=') + 1), attributes };
}

const whoAmI = (runner: ReturnType<typeof createServerRunner>, nextServerContext: NextServer.Context) =>
  runner.runWithAmplifyServerContext({
    nextServerContext,
    operation: async ctx => {
      try {
        const user = await getCurrentUser(ctx);
        return { username: user.username, access: (await fetchAuthSession(ctx)).tokens?.accessToken.toString() };
      } catch (error) {
        return { signedOut: (error as Error).name };
      }
    },
  });

beforeAll(async () => {
  local = await startLocal();
  pool = await createPoolAndClient(
    local.url,
    {},
    {
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [`${ORIGIN}/api/auth/sign-in-callback`],
      LogoutURLs: [`${ORIGIN}/api/auth/sign-out-callback`],
      SupportedIdentityProviders: ['COGNITO'],
    },
  );
  config = {
    Auth: {
      Cognito: {
        ...pool,
        userPoolEndpoint: local.url,
        loginWith: {
          oauth: {
            domain: new URL(local.url).host,
            scopes: ['openid', 'email'],
            redirectSignIn: ['https://elsewhere.example/cb', `${ORIGIN}/api/auth/sign-in-callback`],
            redirectSignOut: [`${ORIGIN}/api/auth/sign-out-callback`],
            responseType: 'code',
          },
        },
      },
    },
  };
  for (const username of ['nina', 'omar']) {
    await call(local.url, 'AdminCreateUser', { UserPoolId: pool.userPoolId, Username: username, MessageAction: 'SUPPRESS' });
    await call(local.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  }
});
afterAll(() => local?.close());

describe('runWithAmplifyServerContext', () => {
  const serverAuth = () => createServerRunner({ config, runtimeOptions: { origin: ORIGIN, fetch: countingFetch } });

  it('Server Component ({ cookies }, read-only): reads the user; an expired session reads as signed out and nothing is refreshed', async () => {
    const runner = serverAuth();
    const fresh = await session();
    expect(await whoAmI(runner, { cookies: async () => cookieStore(fresh.header, 'component') })).toEqual({ username: 'nina', access: fresh.access });
    const expired = await session('nina', true);
    refreshCalls = 0;
    expect(await whoAmI(runner, { cookies: async () => cookieStore(expired.header, 'component') })).toEqual({ signedOut: 'UserUnAuthenticatedException' });
    expect(refreshCalls).toBe(0);
    // Next 14's synchronous cookies() works too.
    expect(await whoAmI(runner, { cookies: () => cookieStore(fresh.header, 'component') })).toMatchObject({ username: 'nina' });
  });

  it("the writability probe tells Next's read-only store from the writable one without writing", () => {
    expect(probeWritable(cookieStore('a=1', 'component'))).toBe(false);
    const action = cookieStore('a=1', 'action');
    expect(probeWritable(action)).toBe(true);
    expect(action.written()).toEqual([]);
    expect(action.getAll().map(({ name, value }) => ({ name, value }))).toEqual([{ name: 'a', value: '1' }]);
  });

  it('Server Action ({ cookies }, writable): an expired session is refreshed and the rotated tokens are set as HttpOnly cookies', async () => {
    const expired = await session('nina', true);
    const store = cookieStore(expired.header, 'action');
    const result = await whoAmI(serverAuth(), { cookies: async () => store });
    expect(result.username).toBe('nina');
    expect(result.access).not.toBe(expired.access);
    const lines = store.written();
    const line = (field: string) => lines.find(l => l.startsWith(`${expired.name(field)}=`));
    expect(parseSetCookie(line('accessToken')!)).toEqual({
      value: result.access,
      attributes: { path: '/', 'max-age': '31536000', expires: expect.any(String), httponly: true, samesite: 'strict' },
    });
    expect(line('refreshToken')).toMatch(new RegExp(`^${expired.name('refreshToken')}=\\S+; `));
    expect(line('refreshToken')).not.toContain(expired.refresh);
    // Server-side auth writes only the token cookies and LastAuthUser.
    expect(lines.some(l => /clockDrift|signInDetails/.test(l))).toBe(false);
  });

  it('middleware / proxy ({ request: NextRequest, response: NextResponse }): refresh written to the response, once for several runs', async () => {
    const expired = await session('nina', true);
    const request = new NextRequest(`${ORIGIN}/protected`, { headers: { cookie: expired.header } });
    const response = NextResponse.next();
    response.cookies.set('app', 'own');
    refreshCalls = 0;
    const runner = serverAuth();
    const first = await whoAmI(runner, { request, response });
    const second = await whoAmI(runner, { request, response });
    expect(first.username).toBe('nina');
    expect(second.access).toBe(first.access);
    expect(refreshCalls).toBe(1);
    expect(response.cookies.get(expired.name('accessToken'))?.value).toBe(first.access);
    expect(response.cookies.get('app')?.value).toBe('own');
    const access = response.headers.getSetCookie().find(l => l.startsWith(`${expired.name('accessToken')}=`))!;
    expect(access).toMatch(/Path=\/; .*HttpOnly; SameSite=strict/);
    expect(access).not.toMatch(/Secure/);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('a second call in the same request with another response gets the refreshed cookies too, without a second refresh', async () => {
    const expired = await session('nina', true);
    const request = new NextRequest(`${ORIGIN}/protected`, { headers: { cookie: expired.header } });
    const runner = serverAuth();
    refreshCalls = 0;
    const first = NextResponse.next();
    const result = await whoAmI(runner, { request, response: first });
    const redirect = NextResponse.redirect(`${ORIGIN}/elsewhere`);
    expect((await whoAmI(runner, { request, response: redirect })).access).toBe(result.access);
    expect(refreshCalls).toBe(1);
    for (const response of [first, redirect]) {
      expect(response.cookies.get(expired.name('accessToken'))?.value).toBe(result.access);
      expect(response.cookies.get(expired.name('refreshToken'))?.value).toMatch(/^eyJ[\w-]+(\.[\w-]+){4}$/);
    }
  });

  it("route handler ({ request, response: Response }): Set-Cookie lines on the response, the app's own kept, one per name", async () => {
    const expired = await session('nina', true);
    const request = new NextRequest(`${ORIGIN}/api/me`, { headers: { cookie: expired.header } });
    const response = new Response(null, { headers: [['set-cookie', 'app=own; Path=/']] });
    const result = await whoAmI(serverAuth(), { request, response });
    expect(result.username).toBe('nina');
    const lines = response.headers.getSetCookie();
    expect(lines[0]).toBe('app=own; Path=/');
    const names = lines.map(l => l.slice(0, l.indexOf('=')));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining([expired.name('accessToken'), expired.name('idToken'), expired.name('refreshToken')]));
  });

  it('Pages Router ({ request: req, response: res }): writes while headers are not sent; after that an expired session is signed out', async () => {
    const expired = await session('nina', true);
    const headers = new Map<string, unknown>();
    const res = {
      headersSent: false,
      getHeader: (n: string) => headers.get(n.toLowerCase()) as never,
      setHeader: (n: string, v: unknown) => headers.set(n.toLowerCase(), v),
    };
    expect((await whoAmI(serverAuth(), { request: { headers: { cookie: expired.header } }, response: res })).username).toBe('nina');
    expect((headers.get('set-cookie') as string[]).length).toBeGreaterThanOrEqual(3);
    const again = await session('nina', true);
    const sent = { ...res, headersSent: true };
    expect(await whoAmI(serverAuth(), { request: { headers: { cookie: again.header } }, response: sent })).toEqual({
      signedOut: 'UserUnAuthenticatedException',
    });
  });

  it('null (static rendering) is signed out; an unknown context is AmplifyServerContextError', async () => {
    expect(await whoAmI(serverAuth(), null)).toEqual({ signedOut: 'UserUnAuthenticatedException' });
    await expect(serverAuth().runWithAmplifyServerContext({ nextServerContext: { foo: 1 } as never, operation: () => 1 })).rejects.toMatchObject({
      name: 'AmplifyServerContextError',
    });
  });

  it('a forged token reads as signed out in every context', async () => {
    const fresh = await session();
    const [h, p, s] = fresh.access.split('.');
    const forged = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const header = fresh.header.replace(fresh.access, `${h}.${Buffer.from(JSON.stringify({ ...forged, username: 'omar' })).toString('base64url')}.${s}`);
    const request = new NextRequest(`${ORIGIN}/`, { headers: { cookie: header } });
    expect(await whoAmI(serverAuth(), { request, response: NextResponse.next() })).toEqual({ signedOut: 'UserUnAuthenticatedException' });
    expect(await whoAmI(serverAuth(), { cookies: async () => cookieStore(header, 'component') })).toEqual({ signedOut: 'UserUnAuthenticatedException' });
  });

  it('without an origin (client-compatible mode) cookies are readable by the browser library: Lax, Secure, not HttpOnly; a Domain is repeated on deletes', async () => {
    const runner = createServerRunner({ config, runtimeOptions: { cookies: { domain: 'localhost', sameSite: 'lax', maxAge: 600 } } });
    const expired = await session('nina', true);
    const response = NextResponse.next();
    await whoAmI(runner, { request: new NextRequest(`${ORIGIN}/`, { headers: { cookie: expired.header } }), response });
    const access = response.headers.getSetCookie().find(l => l.startsWith(`${expired.name('accessToken')}=`))!;
    expect(parseSetCookie(access).attributes).toEqual({
      domain: 'localhost',
      path: '/',
      'max-age': '600',
      expires: expect.any(String),
      secure: true,
      samesite: 'lax',
    });
    // A revoked refresh token: the cookies are deleted with the same Path and Domain.
    const revoked = await session('nina', true);
    await call(local.url, 'RevokeToken', { ClientId: pool.userPoolClientId, Token: revoked.refresh });
    const out = NextResponse.next();
    await whoAmI(runner, { request: new NextRequest(`${ORIGIN}/`, { headers: { cookie: revoked.header } }), response: out });
    const deleted = out.headers.getSetCookie().find(l => l.startsWith(`${revoked.name('accessToken')}=;`))!;
    expect(parseSetCookie(deleted).attributes).toMatchObject({ domain: 'localhost', path: '/', expires: 'Thu, 01 Jan 1970 00:00:00 GMT', 'max-age': '0' });
  });

  it('the origin must be an origin, http only on loopback; AMPLIFY_APP_ORIGIN is read', () => {
    for (const bad of ['http://app.example.com', 'https://app.example.com/path', 'https://app.example.com/', 'localhost:3000', 'ftp://localhost']) {
      expect(() => createServerRunner({ config, runtimeOptions: { origin: bad } }), bad).toThrow(/not a valid origin/);
    }
    expect(() => createServerRunner({ config, runtimeOptions: { origin: 'https://app.example.com' } })).not.toThrow();
    const saved = process.env.AMPLIFY_APP_ORIGIN;
    try {
      process.env.AMPLIFY_APP_ORIGIN = 'http://127.0.0.1:4000';
      expect(() => createServerRunner({ config }).createAuthRouteHandlers()).toThrow(
        /redirectSignIn and redirectSignOut each need a URL on http:\/\/127\.0\.0\.1:4000/,
      );
      delete process.env.AMPLIFY_APP_ORIGIN;
      expect(() => createServerRunner({ config }).createAuthRouteHandlers()).toThrow('Could not find the AMPLIFY_APP_ORIGIN environment variable.');
    } finally {
      if (saved === undefined) delete process.env.AMPLIFY_APP_ORIGIN;
      else process.env.AMPLIFY_APP_ORIGIN = saved;
    }
  });
});

describe('createAuthRouteHandlers', () => {
  const runner = () => createServerRunner({ config, runtimeOptions: { origin: ORIGIN } });
  const appRoute = (handler: NextServer.AuthRouteHandlers, path: string, init: { cookie?: string; method?: string; headers?: Record<string, string> } = {}) =>
    handler(
      new NextRequest(`${ORIGIN}/api/auth/${path}`, {
        method: init.method ?? 'GET',
        headers: { ...init.headers, ...(init.cookie ? { cookie: init.cookie } : {}) },
      }),
      {
        params: Promise.resolve({ slug: path.split('?')[0]! }),
      },
    ) as Promise<Response>;

  it('refuses bad configuration when created', () => {
    const oauth = (config.Auth.Cognito.loginWith as { oauth: Record<string, unknown> }).oauth;
    expect(() => runner().createAuthRouteHandlers({ redirectOnSignInComplete: 'https://evil.example/' })).toThrow(/must be paths on the app/);
    expect(() => runner().createAuthRouteHandlers({ redirectOnSignOutComplete: '//evil.example' })).toThrow(/must be paths on the app/);
    const noOAuth = { Auth: { Cognito: { ...pool, userPoolEndpoint: local.url } } };
    expect(() => createServerRunner({ config: noOAuth, runtimeOptions: { origin: ORIGIN } }).createAuthRouteHandlers()).toThrow(/loginWith\.oauth/);
    const token = { Auth: { Cognito: { ...config.Auth.Cognito, loginWith: { oauth: { ...oauth, responseType: 'token' } } } } };
    expect(() => createServerRunner({ config: token, runtimeOptions: { origin: ORIGIN } }).createAuthRouteHandlers()).toThrow(/responseType 'code'/);
  });

  it('routes: GET only, known slugs only, [slug] not [...slug]', async () => {
    const handler = runner().createAuthRouteHandlers();
    expect((await appRoute(handler, 'sign-in', { method: 'POST' })).status).toBe(405);
    expect((await appRoute(handler, 'nope')).status).toBe(404);
    const array = await handler(new NextRequest(`${ORIGIN}/api/auth/a/b`), { params: Promise.resolve({ slug: ['a', 'b'] }) });
    expect((array as Response).status).toBe(400);
  });

  it('sign-in: state with customState, PKCE S256, provider and lang, the redirect URL on the origin, Lax HttpOnly flow cookies', async () => {
    const handler = runner().createAuthRouteHandlers({ customState: 'opaque ✓' });
    const response = await appRoute(handler, 'sign-in?provider=google&lang=fr');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(`${local.url}/oauth2/authorize`);
    const q = Object.fromEntries(location.searchParams);
    expect(q).toMatchObject({
      redirect_uri: `${ORIGIN}/api/auth/sign-in-callback`,
      response_type: 'code',
      client_id: pool.userPoolClientId,
      scope: 'openid email',
      code_challenge_method: 'S256',
      identity_provider: 'Google',
      lang: 'fr',
    });
    expect(q.state).toMatch(/^[A-Za-z0-9]{32}-6f706171756520[0-9a-f]{4}$/);
    const lines = response.headers.getSetCookie();
    expect(lines).toContain(`com.amplify.server_auth.state=${q.state}; Path=/; Max-Age=300; HttpOnly; SameSite=Lax`);
    const verifier = lines.find(l => l.startsWith('com.amplify.server_auth.pkce='))!.split(/[=;]/)[1]!;
    expect(verifier).toMatch(/^[A-Za-z0-9]{128}$/);
    const { createHash } = await import('node:crypto');
    expect(q.code_challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect((await appRoute(handler, 'sign-up')).headers.get('location')).toMatch(new RegExp(`^${local.url}/signup\\?`));
  });

  it('sign-in when already signed in goes straight on (refreshing an expired session on the way)', async () => {
    const handler = runner().createAuthRouteHandlers({ redirectOnSignInComplete: '/home' });
    const fresh = await session();
    const response = await appRoute(handler, 'sign-in', { cookie: fresh.header });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${ORIGIN}/home`);
    expect(response.headers.getSetCookie()).toEqual([]);
    const expired = await session('nina', true);
    const refreshed = await appRoute(handler, 'sign-in?redirect=%2Fdeep%3Fx%3D1', { cookie: expired.header });
    expect(refreshed.headers.get('location')).toBe(`${ORIGIN}/deep?x=1`);
    expect(refreshed.headers.getSetCookie().some(l => l.startsWith(`${expired.name('accessToken')}=`))).toBe(true);
  });

  it('sign-in-callback: missing parameters 400; no flow in this browser → timeout; error → the sign-out page with the error', async () => {
    const handler = runner().createAuthRouteHandlers({ redirectOnSignOutComplete: '/bye' });
    expect((await appRoute(handler, 'sign-in-callback?code=x')).status).toBe(400);
    const timeout = await appRoute(handler, 'sign-in-callback?code=x&state=y');
    expect(timeout.headers.get('location')).toBe(`${ORIGIN}/bye?error=timeout&error_description=Sign+in+has+to+be+completed+within+5+minutes.`);
    const denied = await appRoute(handler, 'sign-in-callback?error=access_denied&error_description=no');
    expect(denied.headers.get('location')).toBe(`${ORIGIN}/bye?error=access_denied&error_description=no`);
    expect(
      (await appRoute(handler, 'sign-in-callback?code=x&state=y', { cookie: 'com.amplify.server_auth.state=z; com.amplify.server_auth.pkce=v' })).status,
    ).toBe(400);
  });

  it('sign-out and its two-pass callback (revoke, delete, redirect)', async () => {
    const handler = runner().createAuthRouteHandlers({ redirectOnSignOutComplete: '/bye' });
    const out = await appRoute(handler, 'sign-out');
    expect(out.headers.get('location')).toBe(
      `${local.url}/logout?client_id=${pool.userPoolClientId}&logout_uri=${encodeURIComponent(`${ORIGIN}/api/auth/sign-out-callback`)}`,
    );
    expect(out.headers.getSetCookie().map(l => l.split('=')[0])).toEqual([
      'com.amplify.server_auth.isSigningOut',
      'com.amplify.server_auth.isSigningOutRedirecting',
    ]);
    expect((await appRoute(handler, 'sign-out-callback')).status).toBe(400);
    const fresh = await session();
    const first = await appRoute(handler, 'sign-out-callback', {
      cookie: `${fresh.header}; com.amplify.server_auth.isSigningOut=true; com.amplify.server_auth.isSigningOutRedirecting=true`,
    });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`window.location.replace("${ORIGIN}/api/auth/sign-out-callback")`);
    expect(first.headers.getSetCookie()).toEqual([
      'com.amplify.server_auth.isSigningOutRedirecting=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax',
    ]);
    const second = await appRoute(handler, 'sign-out-callback', { cookie: `${fresh.header}; com.amplify.server_auth.isSigningOut=true` });
    expect(second.status).toBe(302);
    expect(second.headers.get('location')).toBe(`${ORIGIN}/bye`);
    const deleted = second.headers
      .getSetCookie()
      .filter(l => l.includes('Max-Age=0'))
      .map(l => l.split('=')[0]);
    expect(deleted).toEqual(
      expect.arrayContaining([
        fresh.name('accessToken'),
        fresh.name('idToken'),
        fresh.name('refreshToken'),
        `CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser`,
        'com.amplify.server_auth.isSigningOut',
      ]),
    );
    expect(second.headers.getSetCookie().some(l => l.startsWith('theme='))).toBe(false);
    const reuse = await call(local.url, 'GetTokensFromRefreshToken', { ClientId: pool.userPoolClientId, RefreshToken: fresh.refresh }).catch(
      (e: Error) => e.message,
    );
    expect(reuse).toMatch(/NotAuthorizedException/);
  });

  it('sign-out refuses a cross-site request, and a same-site one unless its Origin is the app (another subdomain cannot sign users out)', async () => {
    const handler = runner().createAuthRouteHandlers();
    const signOut = (headers: Record<string, string>) => appRoute(handler, 'sign-out', { headers }).then(r => r.status);
    expect(await signOut({ 'sec-fetch-site': 'same-origin' })).toBe(302);
    expect(await signOut({ 'sec-fetch-site': 'none' })).toBe(302); // typed or bookmarked
    expect(await signOut({})).toBe(302); // a client that sends no fetch metadata
    expect(await signOut({ 'sec-fetch-site': 'same-site', origin: ORIGIN })).toBe(302);
    expect(await signOut({ 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await signOut({ 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(await signOut({ 'sec-fetch-site': 'same-site', origin: 'http://evil.localhost:3000' })).toBe(403);
    expect(await signOut({ 'sec-fetch-site': 'same-site', origin: 'null' })).toBe(403);
    expect(await signOut({ origin: 'https://evil.example' })).toBe(403);
  });

  it("sign-in-callback: a code that cannot be exchanged (replayed, or forged with this browser's state) answers 400 with a page, not 500", async () => {
    const handler = runner().createAuthRouteHandlers({ redirectOnSignInComplete: '/home', redirectOnSignOutComplete: '/bye' });
    // The app's sign-in route, then the hosted pages of cognate-local driven over HTTP as a browser would.
    const start = await appRoute(handler, 'sign-in');
    const flowCookies = start.headers
      .getSetCookie()
      .map(l => l.split(';')[0]!)
      .join('; ');
    const hosted = new Map<string, string>();
    const hostedFetch = async (url: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (hosted.size) headers.set('cookie', [...hosted].map(([k, v]) => `${k}=${v}`).join('; '));
      const response = await fetch(url, { ...init, headers, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        hosted.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
      }
      return response;
    };
    const toLogin = await hostedFetch(start.headers.get('location')!);
    const loginUrl = new URL(toLogin.headers.get('location')!, local.url).href;
    const page = await (await hostedFetch(loginUrl)).text();
    const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(page)!;
    const unescapeHtml = (t: string) =>
      t
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const body = new URLSearchParams();
    for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) body.set(unescapeHtml(input[1]!), unescapeHtml(input[2]!));
    body.set('username', 'nina');
    body.set('password', PASSWORD);
    const back = await hostedFetch(new URL(unescapeHtml(form[1]!), loginUrl).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const callback = new URL(back.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(`${ORIGIN}/api/auth/sign-in-callback`);
    const path = `sign-in-callback${callback.search}`;

    // The browser still holds omar's session: nina's replaces it, and omar's token cookies are deleted.
    const omar = await session('omar');
    const first = await appRoute(handler, path, { cookie: `${flowCookies}; ${omar.header}` });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`${ORIGIN}/home`);
    const written = new Map(first.headers.getSetCookie().map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).split(';')[0]!]));
    const nina = (field: string) => omar.name(field).replace('.omar.', '.nina.');
    for (const field of ['accessToken', 'idToken', 'refreshToken']) {
      expect(written.get(omar.name(field)), field).toBe('');
      expect(written.get(nina(field))?.length, field).toBeGreaterThan(100);
    }
    expect(written.get(`CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser`)).toBe('nina');
    expect(JSON.parse(Buffer.from(written.get(nina('accessToken'))!.split('.')[1]!, 'base64url').toString())).toMatchObject({
      username: 'nina',
      token_use: 'access',
    });
    // Only the tokens and LastAuthUser (the server-side-auth filter): no clockDrift or signInDetails cookie.
    expect([...written.keys()].filter(name => name.startsWith('CognitoIdentityServiceProvider.')).sort()).toEqual(
      [
        ...['accessToken', 'idToken', 'refreshToken'].flatMap(f => [omar.name(f), nina(f)]),
        `CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser`,
      ].sort(),
    );
    // The same callback again with the flow cookies still there (a second tab, a back button, a
    // replayed URL): the pool refuses the used code; the app answers 400 and a way back, not a 500.
    const replayed = await appRoute(handler, path, { cookie: flowCookies });
    expect(replayed.status).toBe(400);
    expect(replayed.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await replayed.text();
    expect(text).toContain('invalid_grant');
    expect(text).toContain(`href="${ORIGIN}/bye"`);
    expect(replayed.headers.getSetCookie().map(l => l.split('=')[0])).toEqual(
      expect.arrayContaining(['com.amplify.server_auth.pkce', 'com.amplify.server_auth.state']),
    );
    // A made-up code with this browser's own state: refused the same way.
    const forged = await appRoute(handler, `sign-in-callback?code=not-a-code&state=${callback.searchParams.get('state')}`, { cookie: flowCookies });
    expect(forged.status).toBe(400);
  });

  it('sign-in-callback: a token endpoint that cannot be reached answers 502, not 500', async () => {
    const down = createServerRunner({
      config,
      runtimeOptions: {
        origin: ORIGIN,
        fetch: (async () => {
          throw new TypeError('fetch failed');
        }) as typeof fetch,
      },
    });
    const handler = down.createAuthRouteHandlers();
    const response = await appRoute(handler, 'sign-in-callback?code=c&state=s', { cookie: 'com.amplify.server_auth.state=s; com.amplify.server_auth.pkce=v' });
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain('fetch failed');
  });

  it('sign-out-callback: a revocation that fails signs out of the app and answers 502, not 500', async () => {
    const fresh = await session();
    const down = createServerRunner({
      config,
      runtimeOptions: {
        origin: ORIGIN,
        fetch: (async () => {
          throw new TypeError('fetch failed');
        }) as typeof fetch,
      },
    });
    const response = await appRoute(down.createAuthRouteHandlers(), 'sign-out-callback', {
      cookie: `${fresh.header}; com.amplify.server_auth.isSigningOut=true`,
    });
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/not revoked/);
    const deleted = response.headers
      .getSetCookie()
      .filter(l => l.includes('Max-Age=0'))
      .map(l => l.split('=')[0]);
    expect(deleted).toEqual(expect.arrayContaining([fresh.name('accessToken'), fresh.name('refreshToken')]));
  });

  it('the Pages Router: the same handler writes to res', async () => {
    const handler = runner().createAuthRouteHandlers();
    const headers = new Map<string, unknown>();
    let status = 0;
    let body: string | undefined;
    const res = {
      headersSent: false,
      getHeader: (n: string) => headers.get(n.toLowerCase()) as never,
      setHeader: (n: string, v: unknown) => headers.set(n.toLowerCase(), v),
      status: (code: number) => (status = code),
      end: (text?: string) => (body = text),
    };
    await handler({ url: '/api/auth/sign-in?redirect=/x', method: 'GET', headers: {}, query: { slug: 'sign-in', redirect: '/x' } }, res);
    expect(status).toBe(302);
    expect(String(headers.get('location'))).toMatch(new RegExp(`^${local.url}/oauth2/authorize\\?`));
    expect((headers.get('set-cookie') as string[]).map(l => l.split('=')[0])).toEqual([
      'com.amplify.server_auth.pkce',
      'com.amplify.server_auth.state',
      'cognate.server_auth.redirect',
    ]);
    await handler({ url: '/api/auth/sign-in?redirect=//evil.example', method: 'GET', headers: {}, query: { slug: 'sign-in' } }, res);
    expect(status).toBe(400);
    expect(body).toMatch(/redirect/);
    // The request is read as the App Router's is: sign-out's origin checks see the same headers.
    const signOut = async (requestHeaders: Record<string, string>) => {
      await handler({ url: '/api/auth/sign-out', method: 'GET', headers: requestHeaders, query: { slug: 'sign-out' } }, res);
      return status;
    };
    expect(await signOut({ 'sec-fetch-site': 'same-site', origin: ORIGIN })).toBe(302);
    expect(await signOut({ 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await signOut({ 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(await signOut({ origin: 'https://evil.example' })).toBe(403);
  });
});
