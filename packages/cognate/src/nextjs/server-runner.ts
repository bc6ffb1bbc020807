/**
 * `createServerRunner({ config, runtimeOptions })` of `cognate-auth/nextjs`: Amplify's
 * `@aws-amplify/adapter-nextjs` API over the server's one request scope (`server/request-scope.ts`,
 * shared with `cognate-auth/node`): this file picks the cookie attributes of the mode, and
 * `cookies.ts` says where a Next context's cookies come from and where writes go; the scope builds
 * the cookie storage, a verifying token provider and (with an identity pool) a credentials
 * provider, and runs the operation in an isolated server context.
 *
 * Two modes, as Amplify's:
 * - **Server-side auth** when the app's origin is known (`runtimeOptions.origin` or the
 *   `AMPLIFY_APP_ORIGIN` environment variable): sign-in goes through `createAuthRouteHandlers`,
 *   tokens live in `HttpOnly` cookies (`SameSite=Strict` unless `runtimeOptions.cookies.sameSite`
 *   says otherwise, `Secure` iff the origin is https), and only the token cookies and
 *   `LastAuthUser` are written.
 * - **Client-compatible** otherwise: the browser library (cognate or Amplify with `ssr: true`) signs
 *   in and reads the same cookies, so they are not HttpOnly (`SameSite=Lax; Secure`).
 *
 * Unlike Amplify, an expired session is refreshed only where the new tokens can be written back:
 * middleware / proxy, route handlers, Server Actions and Pages Router requests whose headers are not
 * sent. A Server Component cannot set cookies, so there an expired session reads as signed out;
 * refresh in middleware (the example does) and Server Components see the refreshed cookies of the
 * same request. Several `runWithAmplifyServerContext` calls in one request share one cookie view
 * and one refresh (a call passing another response gets the cookies written so far as well). Nothing is shared between requests but the parsed config and the JWKS.
 */
import type { CookieStorage } from '../server/cookie-kv.js';
import { AmplifyServerContextError } from '../server/errors.js';
import { createServerScope, type RequestScope } from '../server/request-scope.js';
import { createAuthRouteHandlersFor, type RunnerInternals } from './auth-route-handlers.js';
import { resolveNextCookies } from './cookies.js';
import type { NextServer } from './types.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The app's origin, or undefined; `http:` only for loopback hosts, nothing but an origin. */
export function parseAppOrigin(value: string | undefined, source: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidOrigin(source, value);
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !value.endsWith('/');
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!bare || !secure) throw invalidOrigin(source, value);
  return url.origin;
}

function invalidOrigin(source: string, value: string): AmplifyServerContextError {
  return new AmplifyServerContextError({
    message: `${source} is not a valid origin: ${JSON.stringify(value)}.`,
    recoverySuggestion: 'Use the origin only, e.g. https://app.example.com or http://localhost:3000 (http:// only for localhost, 127.0.0.1 or [::1]).',
  });
}

function envOrigin(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.AMPLIFY_APP_ORIGIN;
}

const TOKEN_COOKIE = /\.(accessToken|idToken|refreshToken)(\.\d+)?$|\.LastAuthUser$/;

/** One process-wide view for `nextServerContext: null` (static rendering: guest only, as Amplify's shared memory). */
let sharedCookies: Map<string, string> | undefined;

export function createServerRunner({ config, runtimeOptions = {} }: NextServer.CreateServerRunnerInput): NextServer.CreateServerRunnerOutput {
  const origin =
    runtimeOptions.origin !== undefined ? parseAppOrigin(runtimeOptions.origin, 'runtimeOptions.origin') : parseAppOrigin(envOrigin(), 'AMPLIFY_APP_ORIGIN');
  const serverAuth = origin !== undefined;
  const https = origin?.startsWith('https:') ?? true;
  const user = runtimeOptions.cookies ?? {};
  const chosen: CookieStorage.SetCookieOptions = {
    ...(user.domain ? { domain: user.domain } : {}),
    ...(user.expires ? { expires: user.expires } : {}),
    ...(user.sameSite ? { sameSite: user.sameSite } : {}),
    ...(user.maxAge !== undefined ? { maxAge: user.maxAge } : {}),
  };
  const server = createServerScope({
    config,
    cookie: serverAuth ? { sameSite: 'strict', ...chosen, httpOnly: true, secure: https, path: '/' } : { sameSite: 'lax', secure: true, ...chosen, path: '/' },
    ...(serverAuth ? { allow: (name: string) => TOKEN_COOKIE.test(name) } : {}),
    ...(runtimeOptions.verify !== undefined ? { verify: runtimeOptions.verify } : {}),
    ...(runtimeOptions.fetch ? { fetch: runtimeOptions.fetch } : {}),
    ...(runtimeOptions.onRejected ? { onRejected: runtimeOptions.onRejected } : {}),
  });

  // Static rendering: no request, no user. Guest identity ids are kept process-wide, as Amplify.
  let shared: RequestScope | undefined;
  const scopeOf = async (context: NextServer.Context): Promise<RequestScope> => {
    // biome-ignore lint/suspicious/noAssignInExpressions: memoised on first use
    if (context === null) return (shared ??= server.open({ cookies: (sharedCookies ??= new Map()), writable: () => false }));
    const { key, target, io } = await resolveNextCookies(context);
    return server.scopeOf(key, target, io);
  };

  const runWithAmplifyServerContext: NextServer.RunOperationWithContext = async ({ nextServerContext, operation }) => {
    if (typeof operation !== 'function') {
      throw new AmplifyServerContextError({ message: 'runWithAmplifyServerContext needs { nextServerContext, operation }.' });
    }
    return (await scopeOf(nextServerContext)).run(operation);
  };

  const internals: RunnerInternals = { server, origin, runtimeOptions };
  return {
    runWithAmplifyServerContext,
    createAuthRouteHandlers: (input = {}) => createAuthRouteHandlersFor(internals, input),
  };
}
