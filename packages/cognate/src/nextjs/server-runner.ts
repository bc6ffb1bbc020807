/**
 * `createServerRunner({ config, runtimeOptions })` of `cognate-auth/nextjs`: Amplify's
 * `@aws-amplify/adapter-nextjs` API over cognate's adapter-core. Per request it builds the cookie
 * storage over the Next context (`cookies.ts`), a verifying token provider, and (with an identity
 * pool) a credentials provider, and runs the operation in an isolated server context.
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
import { createAWSCredentialsAndIdentityIdProvider } from '../server/credentials.js';
import { createKeyValueStorageFromCookieStorageAdapter, type CookieStorage } from '../server/cookie-kv.js';
import { runWithAmplifyServerContext as runInContext } from '../server/context.js';
import { AmplifyServerContextError } from '../server/errors.js';
import { resolveRunner } from '../server/request-scope.js';
import { createUserPoolsTokenProvider } from '../server/token-provider.js';
import type { LibraryOptions } from '../types/config.js';
import { createAuthRouteHandlersFor } from './auth-route-handlers.js';
import { NextCookieJar, resolveNextCookies, type CookieSink, type DeleteScope } from './cookies.js';
import type { RequestScope, RunnerInternals } from './runner-internals.js';
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
  const resolved = resolveRunner({
    config,
    runtimeOptions: {
      ...(runtimeOptions.verify !== undefined ? { verify: runtimeOptions.verify } : {}),
      ...(runtimeOptions.fetch ? { fetch: runtimeOptions.fetch } : {}),
      ...(runtimeOptions.onRejected ? { onRejected: runtimeOptions.onRejected } : {}),
    },
  });
  const user = runtimeOptions.cookies ?? {};
  const chosen: CookieStorage.SetCookieOptions = {
    ...(user.domain ? { domain: user.domain } : {}),
    ...(user.expires ? { expires: user.expires } : {}),
    ...(user.sameSite ? { sameSite: user.sameSite } : {}),
    ...(user.maxAge !== undefined ? { maxAge: user.maxAge } : {}),
  };
  const tokenCookie: CookieStorage.SetCookieOptions = serverAuth
    ? { sameSite: 'strict', ...chosen, httpOnly: true, secure: https, path: '/' }
    : { sameSite: 'lax', secure: true, ...chosen, path: '/' };
  const deleteScope: DeleteScope = {
    path: '/',
    ...(tokenCookie.domain ? { domain: tokenCookie.domain } : {}),
    ...(tokenCookie.secure !== undefined ? { secure: tokenCookie.secure } : {}),
    ...(tokenCookie.sameSite !== undefined ? { sameSite: tokenCookie.sameSite } : {}),
  };
  const allow = serverAuth ? (name: string) => TOKEN_COOKIE.test(name) : undefined;
  const { verify, options } = resolved;
  const hasIdentityPool = !!(resolved.config.Auth?.Cognito as { identityPoolId?: string } | undefined)?.identityPoolId;

  const scope = (cookies: Map<string, string>, sink: CookieSink | undefined, writable: () => boolean): RequestScope => {
    const jar = new NextCookieJar(cookies, sink, deleteScope, allow);
    const storage = createKeyValueStorageFromCookieStorageAdapter(jar, undefined, tokenCookie);
    let canWrite = writable;
    let library: LibraryOptions | undefined;
    const libraryOptions = (): LibraryOptions => {
      if (library) return library;
      const tokenProvider = createUserPoolsTokenProvider(resolved.config.Auth, storage, {
        ...(verify !== undefined ? { verify } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.onRejected ? { onRejected: options.onRejected } : {}),
        canRefresh: () => canWrite(),
      });
      const credentialsProvider = hasIdentityPool
        ? createAWSCredentialsAndIdentityIdProvider(resolved.config.Auth, storage, options.fetch ? { fetch: options.fetch } : {})
        : undefined;
      library = { Auth: { tokenProvider, ...(credentialsProvider ? { credentialsProvider } : {}) }, ...(options.fetch ? { fetch: options.fetch } : {}) };
      return library;
    };
    return {
      storage,
      run: operation => runInContext(resolved.config, libraryOptions(), operation),
      retarget(next, nextWritable) {
        canWrite = nextWritable;
        jar.retarget(next);
      },
    };
  };

  // One scope per request (keyed by its request or cookie-store object; weak, so it goes with it):
  // several calls share one view of the cookies and one refresh. A call bringing another response
  // gets the writes made so far replayed onto it, and later writes.
  const scopes = new WeakMap<object, { scope: RequestScope; target: object }>();
  let shared: RequestScope | undefined;
  const scopeOf = async (context: NextServer.Context): Promise<RequestScope> => {
    if (context === null) {
      sharedCookies ??= new Map();
      // Static rendering: no request, no user. Guest identity ids are kept process-wide, as Amplify.
      // biome-ignore lint/suspicious/noAssignInExpressions: memoised on first use; one expression keeps the browser bundle small
      return (shared ??= scope(sharedCookies, undefined, () => false));
    }
    const resolvedCookies = await resolveNextCookies(context);
    const { key, target } = resolvedCookies;
    const found = key ? scopes.get(key) : undefined;
    if (!found) {
      const created = scope(resolvedCookies.cookies, resolvedCookies.sink, resolvedCookies.writable);
      if (key) scopes.set(key, { scope: created, target });
      return created;
    }
    if (found.target !== target) {
      found.target = target;
      found.scope.retarget(resolvedCookies.sink, resolvedCookies.writable);
    }
    return found.scope;
  };

  const internals: RunnerInternals = { config: resolved.config, origin, tokenCookie, deleteScope, runtimeOptions, scope };

  const runWithAmplifyServerContext: NextServer.RunOperationWithContext = async ({ nextServerContext, operation }) => {
    if (typeof operation !== 'function') {
      throw new AmplifyServerContextError({ message: 'runWithAmplifyServerContext needs { nextServerContext, operation }.' });
    }
    return (await scopeOf(nextServerContext)).run(operation);
  };

  return {
    runWithAmplifyServerContext,
    createAuthRouteHandlers: (input = {}) => createAuthRouteHandlersFor(internals, input),
  };
}
