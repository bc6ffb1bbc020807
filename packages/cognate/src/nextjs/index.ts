/**
 * `cognate-auth/nextjs`: the API of `@aws-amplify/adapter-nextjs` — `createServerRunner({ config,
 * runtimeOptions })` → `{ runWithAmplifyServerContext, createAuthRouteHandlers }` — for Next.js 15
 * and 16 (App Router Server Components, Server Actions, route handlers, middleware / `proxy.ts`, and
 * the Pages Router), built on `cognate-auth/adapter-core`. Use the server APIs of `cognate-auth/auth/server`
 * in the operation:
 *
 * ```ts
 * // src/utils/amplify-server-utils.ts
 * export const { runWithAmplifyServerContext, createAuthRouteHandlers } = createServerRunner({ config });
 *
 * // A Server Component
 * const user = await runWithAmplifyServerContext({ nextServerContext: { cookies }, operation: (ctx) => getCurrentUser(ctx) });
 *
 * // middleware.ts / proxy.ts: refreshes an expired session and writes the new cookies back
 * const response = NextResponse.next();
 * const session = await runWithAmplifyServerContext({ nextServerContext: { request, response }, operation: (ctx) => fetchAuthSession(ctx) });
 * return session.tokens ? response : NextResponse.redirect(new URL('/api/auth/sign-in', request.url));
 *
 * // app/api/auth/[slug]/route.ts (with AMPLIFY_APP_ORIGIN set)
 * export const GET = createAuthRouteHandlers({ redirectOnSignInComplete: '/', redirectOnSignOutComplete: '/' });
 * ```
 */
export { createServerRunner } from './server-runner.js';
export type { NextServer, NextCookieOptions, NextCookieStore, NextRequestLike, NextResponseLike, PagesRequestLike, PagesResponseLike } from './types.js';
export { AmplifyServerContextError } from '../server/errors.js';
