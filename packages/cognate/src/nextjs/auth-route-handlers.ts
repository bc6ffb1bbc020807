/**
 * `createAuthRouteHandlers`: sign-in, sign-up and sign-out through the hosted UI, done by the
 * server, as Amplify's adapter-nextjs. Mount it as `app/api/auth/[slug]/route.ts`
 * (`export const GET = createAuthRouteHandlers({...})`) or `pages/api/auth/[slug].ts`
 * (`export default ...`); it serves GET `/api/auth/sign-in`, `/sign-up`, `/sign-in-callback`,
 * `/sign-out` and `/sign-out-callback`.
 *
 * - **sign-in / sign-up**: a signed-in user is sent straight on; otherwise a fresh `state` (32
 *   random characters, plus `-<hex customState>`) and PKCE verifier (128 characters, S256) go into
 *   5-minute `HttpOnly; SameSite=Lax` cookies and the browser goes to `/oauth2/authorize` (or
 *   `/signup`) with `redirect_uri` = the first `redirectSignIn` URL on the app's origin,
 *   `identity_provider` from `?provider=` and `lang` from `?lang=`.
 * - **sign-in-callback**: `state` must equal the cookie (else 400; no cookie — expired, or this
 *   callback was already used — sends the browser to `redirectOnSignOutComplete?error=timeout`, as
 *   Amplify). The code is exchanged at `/oauth2/token` with the verifier (a code the pool refuses —
 *   replayed, expired, forged — is a 400 page with a link back to the app, and an unreachable token
 *   endpoint a 502 page: never a 500), the tokens are written as
 *   the HttpOnly token cookies (a previous user's are removed), the flow cookies are cleared, and a
 *   small HTML page navigates on: a cookie set with `SameSite=Strict` on the response to a
 *   cross-site navigation (from the hosted UI) is not sent on a redirect chain, but is on a
 *   navigation this page starts.
 * - **sign-out**: flow cookies `isSigningOut` / `isSigningOutRedirecting`, then `/logout?client_id&
 *   logout_uri` (ends the hosted-UI session). Refused (403) when the browser says the request came
 *   from elsewhere: `Sec-Fetch-Site: cross-site`, or `same-site` (another subdomain of the site)
 *   without this app's `Origin`, or any `Origin` other than the app's — so neither another site nor
 *   a sibling subdomain can sign users out.
 * - **sign-out-callback**: without `isSigningOut`, 400. A first pass answers an HTML page that
 *   reloads the URL (Safari and Firefox drop Lax cookies on the cross-site redirect from
 *   `/logout`); the second revokes the refresh token at `/oauth2/revoke`, deletes the token cookies
 *   and goes to `redirectOnSignOutComplete` (a revocation that fails still signs out here, answered 502).
 *
 * Redirects go only to the app's origin: `redirectOnSignInComplete` / `redirectOnSignOutComplete`
 * are checked when the handlers are created, and the optional `?redirect=/path` of sign-in, sign-up
 * and sign-out (not in Amplify: where to go afterwards, e.g. the page middleware sent the user away
 * from) must resolve to the app's origin or the request is refused (400); it is kept in a flow
 * cookie and checked again on the way back. No URL is ever built from the request's Host header.
 *
 * The hosted UI domain is reached over https, or http for a loopback host (`localhost:9229`,
 * cognate-local).
 */
import { decodeJwtPayloadUnverified } from '@cognate/protocol/jwt';
import { hostedUrl } from '../oauth/config.js';
import { codeChallenge, randomString, urlSafeEncode } from '../oauth/pkce.js';
import { getCurrentUser } from '../server/auth-server.js';
import { headersSink } from '../server/cookie-sinks.js';
import { serializeSetCookie } from '../server/cookies.js';
import type { CookieStorage } from '../server/cookie-kv.js';
import { AmplifyServerContextError } from '../server/errors.js';
import type { ServerScope } from '../server/request-scope.js';
import { AUTH_KEY_PREFIX, createKeysForAuthStorage, lastAuthUserKey } from '../tokens/storage-keys.js';
import { TokenStore } from '../tokens/token-store.js';
import type { JwtPayload } from '../types/session.js';
import type { CognitoUserPoolConfig, OAuthConfig } from '../types/config.js';
import { cookiesOfRequest } from './cookies.js';
import type { NextServer, PagesRequestLike } from './types.js';

/** What `createServerRunner` hands its route handlers. */
export interface RunnerInternals {
  /** The runner's request scopes: the config, the token cookies' attributes, a scope per request. */
  server: ServerScope;
  /** The app's origin (server-side auth), or undefined. */
  origin: string | undefined;
  runtimeOptions: NextServer.CreateServerRunnerRuntimeOptions;
}

export const PKCE_COOKIE = 'com.amplify.server_auth.pkce';
export const STATE_COOKIE = 'com.amplify.server_auth.state';
export const SIGNING_OUT_COOKIE = 'com.amplify.server_auth.isSigningOut';
export const SIGNING_OUT_REDIRECTING_COOKIE = 'com.amplify.server_auth.isSigningOutRedirecting';
/** Not in Amplify: where to go after the flow (a path on the app), from `?redirect=`. */
export const REDIRECT_COOKIE = 'cognate.server_auth.redirect';
const FLOW_COOKIE_SECONDS = 300;

const ROUTES = ['sign-in', 'sign-up', 'sign-in-callback', 'sign-out', 'sign-out-callback'] as const;
type Route = (typeof ROUTES)[number];

const PROVIDERS: Record<string, string> = { google: 'Google', facebook: 'Facebook', amazon: 'LoginWithAmazon', apple: 'SignInWithApple' };

/** A request as the handlers see it, whichever router it came from. */
interface FlowRequest {
  method: string;
  query: URLSearchParams;
  /** The path and query, for the sign-out callback's reload. */
  pathAndQuery: string;
  cookies: Map<string, string>;
  fetchSite: string | undefined;
  /** The `Origin` header, if the browser sent one. */
  origin: string | undefined;
}

interface FlowResponse {
  status: number;
  headers: Headers;
  body?: string;
}

/**
 * Either router's request as the handlers see it: one translation for a Fetch `Request` (App Router)
 * and a Node `req` (Pages Router), whose URL is a path resolved against the app's origin.
 */
function flowRequestOf(request: Request | PagesRequestLike, origin: string): FlowRequest {
  const headers = request.headers as Headers | PagesRequestLike['headers'];
  const header = (name: string): string | undefined => {
    const value = typeof headers.get === 'function' ? (headers as Headers).get(name) : (headers as PagesRequestLike['headers'])[name];
    return typeof value === 'string' ? value : undefined;
  };
  const url = new URL(request.url ?? '/', `${origin}/`);
  return {
    method: request.method ?? 'GET',
    query: url.searchParams,
    pathAndQuery: `${url.pathname}${url.search}`,
    cookies: cookiesOfRequest(request),
    fetchSite: header('sec-fetch-site'),
    origin: header('origin'),
  };
}

function serverError(message: string, recoverySuggestion?: string): AmplifyServerContextError {
  return new AmplifyServerContextError({ message, ...(recoverySuggestion ? { recoverySuggestion } : {}) });
}

/**
 * `value` as a path on the app, or undefined if it would lead anywhere else. Resolving against the
 * origin and comparing origins catches `//evil`, `/\evil`, `https://evil`, tabs and newlines (which
 * URL parsing drops), `javascript:` and the like.
 */
export function appPath(value: unknown, origin: string): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > 2048) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this check refuses
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, `${origin}/`);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  if (!value.startsWith('/') && !value.startsWith(`${origin}/`) && value !== origin) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/** A page that navigates to `url` itself (meta refresh, plus script for browsers that delay the refresh). */
function navigationPage(url: string, title: string): string {
  const js = JSON.stringify(url).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escapeHtml(url)}"><title>${escapeHtml(title)}</title></head><body><p><a href="${escapeHtml(url)}">${escapeHtml(title)}</a></p><script>window.location.replace(${js})</script></body></html>`;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwtPayloadUnverified(token) as Record<string, unknown> | undefined;
  } catch {
    return undefined;
  }
}

export function createAuthRouteHandlersFor(runner: RunnerInternals, input: NextServer.CreateAuthRoutesHandlersInput): NextServer.AuthRouteHandlers {
  const origin = runner.origin;
  if (!origin) {
    throw serverError(
      'Could not find the AMPLIFY_APP_ORIGIN environment variable.',
      'Set AMPLIFY_APP_ORIGIN (or runtimeOptions.origin) to the origin of the app, e.g. http://localhost:3000.',
    );
  }
  const cognito = runner.server.config.Auth?.Cognito as Partial<CognitoUserPoolConfig> | undefined;
  const oauth = cognito?.loginWith?.oauth as Partial<OAuthConfig> | undefined;
  if (!cognito?.userPoolId || !cognito.userPoolClientId) throw serverError('createAuthRouteHandlers needs a user pool and an app client in the config.');
  if (!oauth?.domain || !oauth.redirectSignIn?.length || !oauth.redirectSignOut?.length || !oauth.responseType) {
    throw serverError('createAuthRouteHandlers needs Auth.Cognito.loginWith.oauth (domain, scopes, redirectSignIn, redirectSignOut, responseType).');
  }
  if (oauth.responseType !== 'code') throw serverError("createAuthRouteHandlers needs loginWith.oauth.responseType 'code'.");
  const clientId = cognito.userPoolClientId;
  const onOrigin = (url: string) => {
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
  const redirectSignIn = oauth.redirectSignIn.find(onOrigin);
  const redirectSignOut = oauth.redirectSignOut.find(onOrigin);
  if (!redirectSignIn || !redirectSignOut) {
    throw serverError(
      `loginWith.oauth.redirectSignIn and redirectSignOut each need a URL on ${origin}.`,
      `E.g. ${origin}/api/auth/sign-in-callback and ${origin}/api/auth/sign-out-callback.`,
    );
  }
  const onSignIn = appPath(input.redirectOnSignInComplete ?? '/', origin);
  const onSignOut = appPath(input.redirectOnSignOutComplete ?? '/', origin);
  if (onSignIn === undefined || onSignOut === undefined) {
    throw serverError(`redirectOnSignInComplete and redirectOnSignOutComplete must be paths on the app (or URLs on ${origin}).`);
  }
  const domain = oauth.domain;
  const scopes = (oauth.scopes ?? []).join(' ');
  const fetchFn = runner.runtimeOptions.fetch ?? fetch;
  const https = origin.startsWith('https:');
  const flowCookie: CookieStorage.SetCookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: https,
    path: '/',
    maxAge: FLOW_COOKIE_SECONDS,
    ...(runner.server.cookie.domain ? { domain: runner.server.cookie.domain } : {}),
  };
  const clearFlowCookie: CookieStorage.SetCookieOptions = { ...flowCookie, maxAge: 0, expires: new Date(0) };
  const setFlow = (headers: Headers, name: string, value: string) => headers.append('set-cookie', serializeSetCookie(name, value, flowCookie));
  const clearFlow = (headers: Headers, request: FlowRequest, ...names: string[]) => {
    for (const name of names) if (request.cookies.has(name)) headers.append('set-cookie', serializeSetCookie(name, '', clearFlowCookie));
  };
  const noStore = (headers: Headers = new Headers()) => {
    headers.set('cache-control', 'no-store');
    return headers;
  };
  const redirect = (headers: Headers, path: string): FlowResponse => {
    headers.set('location', `${origin}${path}`);
    return { status: 302, headers: noStore(headers) };
  };
  const text = (status: number, body: string, headers: Headers = new Headers()): FlowResponse => {
    headers.set('content-type', 'text/plain; charset=utf-8');
    return { status, headers: noStore(headers), body };
  };
  const html = (headers: Headers, body: string, status = 200): FlowResponse => {
    headers.set('content-type', 'text/html; charset=utf-8');
    headers.set('referrer-policy', 'no-referrer');
    return { status, headers: noStore(headers), body };
  };
  /** A page for a sign-in that could not be completed: what happened, and a way back to the app. */
  const signInFailed = (status: 400 | 502, headers: Headers, what: string): FlowResponse => {
    const back = escapeHtml(`${origin}${onSignOut}`);
    return html(
      headers,
      `<!doctype html><html><head><meta charset="utf-8"><title>Sign-in failed</title></head><body><h1>Sign-in could not be completed</h1><p>${escapeHtml(what)}</p><p><a href="${back}">Back to the app</a></p></body></html>`,
      status,
    );
  };
  const withError = (path: string, error: string, description: string | null) => {
    const query = new URLSearchParams({ error, ...(description ? { error_description: description } : {}) });
    return `${path}${path.includes('?') ? '&' : '?'}${query}`;
  };
  const tokenKeys = (username: string) => createKeysForAuthStorage(AUTH_KEY_PREFIX, `${clientId}.${username}`);
  /** The request's token store, over the runner's cookie storage for this request; writes go on `headers`. */
  const tokenStore = (request: FlowRequest, headers: Headers) => {
    const { storage } = runner.server.open({ cookies: request.cookies, sink: headersSink(headers) });
    return Object.assign(
      new TokenStore(
        () => storage,
        () => clientId,
      ),
      { storage },
    );
  };
  const postForm = async (path: string, form: Record<string, string>): Promise<{ ok: boolean; status: number; body: Record<string, unknown> }> => {
    const response = await fetchFn(hostedUrl(domain, path, cognito.userPoolEndpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
      body: new URLSearchParams(form).toString(),
    });
    const raw = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = { error: `unexpected answer (${response.status})` };
    }
    return { ok: response.ok && !('error' in body), status: response.status, body };
  };
  /** `?redirect=`: absent → undefined, on the app → its path, anywhere else → false (refused). */
  const requestedRedirect = (request: FlowRequest): string | undefined | false => {
    const value = request.query.get('redirect');
    if (value === null) return undefined;
    return appPath(value, origin) ?? false;
  };

  /**
   * False when the browser says the request came from elsewhere: another site (`cross-site`), another
   * subdomain of this site (`same-site`, unless its `Origin` is this app), or an `Origin` that is not
   * this app's (`null` included). Requests without fetch metadata (old browsers, typed URLs) pass.
   */
  const fromThisApp = (request: FlowRequest): boolean => {
    if (request.origin !== undefined && request.origin !== origin) return false;
    if (request.fetchSite === 'cross-site') return false;
    if (request.fetchSite === 'same-site' && request.origin !== origin) return false;
    return true;
  };

  const signIn = async (request: FlowRequest, route: 'sign-in' | 'sign-up'): Promise<FlowResponse> => {
    const returnTo = requestedRedirect(request);
    if (returnTo === false) return text(400, 'The redirect parameter must be a path on this app.');
    const headers = new Headers();
    const scope = runner.server.open({ cookies: request.cookies, sink: headersSink(headers) });
    const signedIn = await scope
      .run(ctx => getCurrentUser(ctx))
      .then(
        () => true,
        () => false,
      );
    if (signedIn) return redirect(headers, returnTo ?? onSignIn);
    const verifier = randomString(128);
    const state = randomString(32) + (input.customState ? `-${urlSafeEncode(input.customState)}` : '');
    const query = new URLSearchParams({
      redirect_uri: redirectSignIn,
      response_type: 'code',
      client_id: clientId,
      ...(scopes ? { scope: scopes } : {}),
      state,
      code_challenge: await codeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const provider = request.query.get('provider');
    if (provider) query.set('identity_provider', PROVIDERS[provider.toLowerCase()] ?? provider);
    const lang = request.query.get('lang');
    if (lang) query.set('lang', lang);
    setFlow(headers, PKCE_COOKIE, verifier);
    setFlow(headers, STATE_COOKIE, state);
    if (returnTo) setFlow(headers, REDIRECT_COOKIE, returnTo);
    else clearFlow(headers, request, REDIRECT_COOKIE);
    headers.set('location', `${hostedUrl(domain, route === 'sign-up' ? '/signup' : '/oauth2/authorize', cognito.userPoolEndpoint)}?${query}`);
    return { status: 302, headers: noStore(headers) };
  };

  const signInCallback = async (request: FlowRequest): Promise<FlowResponse> => {
    const headers = new Headers();
    const { query } = request;
    const error = query.get('error');
    if (error) {
      clearFlow(headers, request, PKCE_COOKIE, STATE_COOKIE, REDIRECT_COOKIE);
      return redirect(headers, withError(onSignOut, error, query.get('error_description')));
    }
    const code = query.get('code');
    const state = query.get('state');
    if (!code || !state) return text(400, 'The sign-in callback needs code and state.');
    const expectedState = request.cookies.get(STATE_COOKIE);
    const verifier = request.cookies.get(PKCE_COOKIE);
    if (!expectedState || !verifier) {
      // No flow in progress in this browser: it expired, was completed already, or never started here.
      clearFlow(headers, request, PKCE_COOKIE, STATE_COOKIE, REDIRECT_COOKIE);
      return redirect(headers, withError(onSignOut, 'timeout', 'Sign in has to be completed within 5 minutes.'));
    }
    if (!timingSafeEqual(state, expectedState)) return text(400, 'The state does not match this browser’s sign-in.');
    // The flow is used up whatever happens next.
    clearFlow(headers, request, PKCE_COOKIE, STATE_COOKIE, REDIRECT_COOKIE);
    let exchanged: Awaited<ReturnType<typeof postForm>>;
    try {
      exchanged = await postForm('/oauth2/token', {
        grant_type: 'authorization_code',
        code,
        client_id: clientId,
        redirect_uri: redirectSignIn,
        code_verifier: verifier,
      });
    } catch {
      return signInFailed(502, headers, 'The sign-in service could not be reached. Please sign in again in a moment.');
    }
    if (!exchanged.ok) {
      // The pool refused the code (used already, expired, not this browser's): the client's problem, 400.
      // Its own failure (5xx, or an answer that is not JSON): 502.
      const error = typeof exchanged.body.error === 'string' ? exchanged.body.error.slice(0, 100) : 'token exchange failed';
      if (exchanged.status >= 500 || exchanged.status < 400) return signInFailed(502, headers, `The sign-in service failed (${error}). Please sign in again.`);
      return signInFailed(400, headers, `The sign-in code was refused (${error}): it may have been used already or have expired. Please sign in again.`);
    }
    const { access_token: access, id_token: id, refresh_token: refreshToken } = exchanged.body;
    const claims = typeof access === 'string' ? decodeJwtPayload(access) : undefined;
    if (typeof access !== 'string' || typeof claims?.username !== 'string')
      return signInFailed(502, headers, 'The sign-in service answered without a usable access token. Please sign in again.');
    const username = claims.username;
    // The session as the token store lays it out (the runner's cookie filter keeps only the tokens and LastAuthUser); a previous user's goes first.
    const store = tokenStore(request, headers);
    const previous = await store.storage.getItem(lastAuthUserKey(clientId));
    if (previous && previous !== username) await store.clearTokens();
    await store.storeTokens({
      username,
      accessToken: { payload: claims as JwtPayload, toString: () => access },
      ...(typeof id === 'string' ? { idToken: { payload: (decodeJwtPayload(id) ?? {}) as JwtPayload, toString: () => id } } : {}),
      ...(typeof refreshToken === 'string' ? { refreshToken } : {}),
      clockDrift: 0,
    });
    const target = appPath(request.cookies.get(REDIRECT_COOKIE), origin) ?? onSignIn;
    return html(headers, navigationPage(`${origin}${target}`, 'Signing in…'));
  };

  const signOut = async (request: FlowRequest): Promise<FlowResponse> => {
    if (!fromThisApp(request)) return text(403, 'Sign-out must start from this app.');
    const returnTo = requestedRedirect(request);
    if (returnTo === false) return text(400, 'The redirect parameter must be a path on this app.');
    const headers = new Headers();
    setFlow(headers, SIGNING_OUT_COOKIE, 'true');
    setFlow(headers, SIGNING_OUT_REDIRECTING_COOKIE, 'true');
    if (returnTo) setFlow(headers, REDIRECT_COOKIE, returnTo);
    else clearFlow(headers, request, REDIRECT_COOKIE);
    headers.set(
      'location',
      `${hostedUrl(domain, '/logout', cognito.userPoolEndpoint)}?${new URLSearchParams({ client_id: clientId, logout_uri: redirectSignOut })}`,
    );
    return { status: 302, headers: noStore(headers) };
  };

  const signOutCallback = async (request: FlowRequest): Promise<FlowResponse> => {
    if (!request.cookies.has(SIGNING_OUT_COOKIE)) return text(400, 'No sign-out is in progress.');
    const headers = new Headers();
    if (request.cookies.has(SIGNING_OUT_REDIRECTING_COOKIE)) {
      clearFlow(headers, request, SIGNING_OUT_REDIRECTING_COOKIE);
      return html(headers, navigationPage(`${origin}${request.pathAndQuery}`, 'Signing out…'));
    }
    const store = tokenStore(request, headers);
    const { storage } = store;
    const username = await storage.getItem(lastAuthUserKey(clientId));
    let revokeError: string | undefined;
    if (username) {
      const refreshToken = await storage.getItem(tokenKeys(username).refreshToken);
      if (refreshToken) {
        const revoked = await postForm('/oauth2/revoke', { client_id: clientId, token: refreshToken }).catch((e: unknown) => ({
          ok: false,
          body: { error: String(e) },
        }));
        if (!revoked.ok) revokeError = String(revoked.body.error ?? 'revoke failed');
      }
      await store.clearTokens();
    }
    const target = appPath(request.cookies.get(REDIRECT_COOKIE), origin) ?? onSignOut;
    clearFlow(headers, request, SIGNING_OUT_COOKIE, REDIRECT_COOKIE);
    // Signed out here either way; a refresh token the pool did not revoke is reported, not hidden.
    if (revokeError) return text(502, `Signed out of this app, but the refresh token was not revoked: ${revokeError}`, headers);
    return redirect(headers, target);
  };

  const handle = async (request: FlowRequest, slug: unknown): Promise<FlowResponse> => {
    if (typeof slug !== 'string') return text(400, 'Mount the handlers at a [slug] route (not [...slug]).');
    if (!(ROUTES as readonly string[]).includes(slug)) return text(404, 'Not found.');
    if (request.method !== 'GET') {
      const headers = new Headers({ allow: 'GET' });
      return text(405, 'Method not allowed.', headers);
    }
    switch (slug as Route) {
      case 'sign-in':
      case 'sign-up':
        return signIn(request, slug as 'sign-in' | 'sign-up');
      case 'sign-in-callback':
        return signInCallback(request);
      case 'sign-out':
        return signOut(request);
      case 'sign-out-callback':
        return signOutCallback(request);
    }
  };

  const handler = async (
    request: Request | NextServer.PagesApiRequest,
    contextOrResponse: NextServer.AppRouterContext | NextServer.PagesApiResponse,
  ): Promise<Response | void> => {
    const second = contextOrResponse as Record<string, unknown> | undefined;
    if (second && 'params' in second) {
      const params = (await second.params) as Record<string, unknown> | undefined;
      const result = await handle(flowRequestOf(request, origin), params?.slug);
      return new Response(result.body ?? null, { status: result.status, headers: result.headers });
    }
    if (second && typeof second.setHeader === 'function' && typeof second.end === 'function') {
      const result = await handle(flowRequestOf(request, origin), (request as NextServer.PagesApiRequest).query?.slug);
      const res = contextOrResponse as NextServer.PagesApiResponse;
      res.status(result.status);
      const cookies = result.headers.getSetCookie();
      result.headers.forEach((value, name) => {
        if (name !== 'set-cookie') res.setHeader(name, value);
      });
      if (cookies.length) res.setHeader('Set-Cookie', cookies);
      res.end(result.body);
      return;
    }
    throw serverError('The auth route handler got neither an App Router context ({ params }) nor a Pages Router response.');
  };
  return handler as NextServer.AuthRouteHandlers;
}
