/**
 * The one piece of glue between Next.js and the server's request scope (`server/request-scope.ts`):
 * turns a `nextServerContext` into where the request's cookies are read and where writes go, and
 * says whether a write can reach the browser there.
 *
 * | context | reads | writes |
 * |---|---|---|
 * | `{ cookies }` (Server Component / Action) | `(await cookies()).getAll()` | `store.set` — only where Next allows it (Server Actions); a Server Component's store is read-only |
 * | `{ request, response: NextResponse }` (middleware / proxy, route handler) | the request's `Cookie` header | `response.cookies.set` |
 * | `{ request, response: Response }` (route handler) | the request's `Cookie` header | `Set-Cookie` lines on `response.headers` |
 * | `{ request: req, response: res }` (Pages Router) | `req.headers.cookie` | `res.setHeader('Set-Cookie')` while headers are not sent |
 *
 * The core's jar does the rest, as for every adapter: reads see the writes made earlier in the same
 * request, deletes repeat the cookie's Path and Domain, one `Set-Cookie` per name is kept (the last
 * write wins), the app's own `Set-Cookie` lines are left alone, and a response that gets auth cookies
 * is marked `Cache-Control: private, no-store`.
 *
 * Writability matters because the token provider refreshes an expired session only where the new
 * tokens can be written back (a refresh whose rotated refresh token is dropped ends the session).
 * A Server Component's cookie store throws on `set`; a Server Action's reads the cookie it is given.
 * `probeWritable` tells them apart by passing a cookie whose `name` getter throws a private marker:
 * a read-only store throws Next's own error before touching it, a writable one reaches the getter
 * and throws the marker, so nothing is ever written by the probe.
 */
import type { CookieStorage } from '../server/cookie-kv.js';
import { headersSink, NO_STORE, nodeResponseSink } from '../server/cookie-sinks.js';
import { encodeCookieName, encodeCookieValue, parseCookieHeader, type CookieSink } from '../server/cookies.js';
import { AmplifyServerContextError } from '../server/errors.js';
import type { RequestIO } from '../server/request-scope.js';
import type { NextCookieOptions, NextCookieStore, NextRequestLike, NextResponseLike, NextServer, PagesRequestLike, PagesResponseLike } from './types.js';

/** A Next context as the core's request scope sees it. */
export interface ResolvedCookies {
  /** The object identifying the request (scopes are shared per request). */
  key: object;
  /** Where the writes go (the response or cookie store object). */
  target: object;
  io: () => RequestIO;
}

function toNextOptions(options: CookieStorage.SetCookieOptions): NextCookieOptions {
  const out: NextCookieOptions = { path: options.path ?? '/' };
  if (options.domain) out.domain = options.domain;
  if (options.expires) out.expires = options.expires;
  if (options.maxAge !== undefined) out.maxAge = Math.floor(options.maxAge);
  if (options.httpOnly) out.httpOnly = true;
  if (options.secure) out.secure = true;
  if (options.sameSite !== undefined) out.sameSite = options.sameSite;
  return out;
}

function nextResponseSink(response: NextResponseLike): CookieSink {
  return {
    set(name, value, options) {
      response.cookies.set(encodeCookieName(name), value, toNextOptions(options));
      response.headers.set('cache-control', NO_STORE);
    },
  };
}

const PROBE = Symbol('cognate.cookieProbe');

/** True when `store.set` would write (a Server Action), false when it throws (a Server Component). */
export function probeWritable(store: NextCookieStore): boolean {
  const probe = {
    get name(): string {
      throw PROBE;
    },
  };
  try {
    (store.set as (cookie: unknown) => unknown)(probe);
  } catch (error) {
    return error === PROBE;
  }
  return false;
}

function cookieStoreSink(store: NextCookieStore, writable: () => boolean, readOnly: () => void): CookieSink {
  return {
    set(name, value, options) {
      if (!writable()) return;
      try {
        store.set(encodeCookieName(name), value, toNextOptions(options));
      } catch {
        // The phase changed under us (an action's store used while rendering): nothing more is written.
        readOnly();
      }
    },
  };
}

/** A `Cookie` header rebuilt from a store's already-decoded values (so names decode as the header's would). */
function mapFromStore(all: { name: string; value: string }[]): Map<string, string> {
  return parseCookieHeader(all.map(({ name, value }) => `${name}=${encodeCookieValue(value)}`).join('; '));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

function isNextResponse(response: unknown): response is NextResponseLike {
  return isObject(response) && isObject(response.cookies) && isFunction(response.cookies.set) && isObject(response.headers);
}
function isPagesResponse(response: unknown): response is PagesResponseLike {
  return isObject(response) && isFunction(response.setHeader) && isFunction(response.getHeader);
}
function isFetchResponse(response: unknown): response is Response {
  return isObject(response) && isObject(response.headers) && isFunction((response.headers as unknown as Headers).getSetCookie);
}

function requestCookieHeader(request: unknown): string | null | undefined {
  if (!isObject(request) || !isObject(request.headers)) return undefined;
  const headers = request.headers as unknown as Headers | PagesRequestLike['headers'];
  if (isFunction((headers as Headers).get)) return (headers as Headers).get('cookie');
  const cookie = (headers as PagesRequestLike['headers']).cookie;
  if (typeof cookie === 'string') return cookie;
  // A Pages request whose header was consumed: Next's parsed `req.cookies` (values decoded).
  const parsed = (request as unknown as PagesRequestLike).cookies;
  return parsed
    ? Object.entries(parsed)
        .map(([n, v]) => `${n}=${encodeCookieValue(v ?? '')}`)
        .join('; ')
    : undefined;
}

/** Resolves any supported `nextServerContext` (except `null`) to its cookies and sink. */
export async function resolveNextCookies(context: Exclude<NextServer.Context, null>): Promise<ResolvedCookies> {
  const ctx = context as Record<string, unknown>;
  if (isFunction(ctx.cookies)) {
    const store = (await (ctx.cookies as () => NextCookieStore | Promise<NextCookieStore>)()) as NextCookieStore;
    let writable: boolean | undefined;
    const canWrite = () => (writable ??= probeWritable(store));
    const sink = cookieStoreSink(store, canWrite, () => (writable = false));
    return { key: store, target: store, io: () => ({ cookies: mapFromStore(store.getAll()), sink, writable: canWrite }) };
  }
  const { request, response } = ctx;
  if (isObject(request) && response !== undefined) {
    const cookies = () => requestCookieHeader(request);
    if (isPagesResponse(response) && !isFunction((request.headers as Headers | undefined)?.get)) {
      return { key: request, target: response, io: () => ({ cookies: cookies(), sink: nodeResponseSink(response), writable: () => !response.headersSent }) };
    }
    if (isNextResponse(response)) return { key: request, target: response, io: () => ({ cookies: cookies(), sink: nextResponseSink(response) }) };
    if (isFetchResponse(response)) return { key: request, target: response, io: () => ({ cookies: cookies(), sink: headersSink(response.headers) }) };
  }
  throw new AmplifyServerContextError({
    message: 'The nextServerContext is not one cognate/nextjs knows.',
    recoverySuggestion:
      'Pass { cookies } (from next/headers) in Server Components and Actions, { request, response } in middleware, proxy and route handlers, { request: req, response: res } in the Pages Router, or null for static rendering.',
  });
}

/** The request's cookies read from a `Request` (route handlers), for jars the handlers build themselves. */
export function cookiesOfRequest(request: Pick<NextRequestLike, 'headers'> | PagesRequestLike): Map<string, string> {
  return parseCookieHeader(requestCookieHeader(request));
}
