/**
 * `cognate-auth/node`: server-side auth for plain Node `http`, Express (or any connect-style framework)
 * and Fetch `Request → Response` servers (Hono, Bun, Deno, workers). All three are thin glue over one
 * per-request scope (`server/request-scope.ts`): cookies in from the request, verified tokens, a
 * refresh when the access token has expired, `Set-Cookie` out on the response.
 *
 * ```ts
 * const runner = createServerRunner({ config });
 *
 * // Node http
 * http.createServer(async (req, res) => {
 *   const user = await runner.runWithAmplifyServerContext({ request: req, response: res,
 *     operation: (ctx) => getCurrentUser(ctx) });      // getCurrentUser from 'cognate-auth/auth/server'
 *   res.end(user.username);
 * });
 *
 * // Express: req.auth is lazy — nothing is read, verified or refreshed until a method is called.
 * app.use(runner.express());
 * app.get('/me', requireAuth, async (req, res) => res.json(await req.auth.getCurrentUser())); // 401 when signed out
 * app.use(authErrorHandler); // after the routes: a signed-out user's error from any route is a 401, not a 500
 *
 * // Fetch (Hono: app.use(async (c, next) => …) or export default { fetch: runner.fetch(handler) })
 * export default { fetch: runner.fetch(async (request, auth) => Response.json(await auth.fetchAuthSession())) };
 * ```
 *
 * Writes: Node and Express responses get their `Set-Cookie` headers as soon as tokens are written
 * (so call auth before sending headers: once headers are sent, an expired session reads as signed
 * out rather than being refreshed without the new tokens reaching the browser). Fetch handlers get
 * them appended to the `Response` they return. Responses that set auth cookies are marked
 * `Cache-Control: private, no-store`, so no shared cache replays one user's cookies to another.
 */
import { createServerScope, type RequestAuth, type ServerRunnerOptions } from '../server/request-scope.js';
import { nodeResponseSink, withSetCookies, type NodeResponseLike } from '../server/cookie-sinks.js';
import type { ContextSpec } from '../server/context.js';
import type { NodeRequestLike } from './express.js';

export type { RequestAuth, ServerRunnerOptions, CookieOptions } from '../server/request-scope.js';
export type { ContextSpec } from '../server/context.js';
export type { NodeResponseLike } from '../server/cookie-sinks.js';
export { authErrorHandler, requireAuth, type NodeErrorResponseLike, type NodeRequestLike } from './express.js';
// Not in Amplify: the verifier `createUserPoolsTokenProvider` uses (pass one as its `verify` option).
export { UserPoolTokenVerifier, CognitoJwtVerifier, userPoolIssuer } from '../server/jwt-verifier.js';
export type { JwtVerifierOptions, TokenUse, VerifyResult } from '../server/jwt-verifier.js';
export type { UserPoolsTokenProviderOptions } from '../server/token-provider.js';

export interface NodeRunOptions<Result> {
  request: NodeRequestLike;
  /** Without a response nothing can be written: the context is read-only (no refresh). */
  response?: NodeResponseLike;
  operation: (contextSpec: ContextSpec) => Result | Promise<Result>;
}

export interface ServerRunner {
  /** Runs `operation` in a server context over this request's cookies (Node `http`). */
  runWithAmplifyServerContext<Result>(options: NodeRunOptions<Result>): Promise<Result>;
  /** The server APIs bound to one Node request/response pair. */
  auth(request: NodeRequestLike, response?: NodeResponseLike): RequestAuth;
  /** Express / connect middleware setting a lazy `req.auth`. */
  express(): (req: NodeRequestLike & { auth?: RequestAuth }, res: NodeResponseLike, next: (error?: unknown) => void) => void;
  /** Wraps a Fetch handler: `(request, auth) => Response`; `Set-Cookie` is added to its response. */
  fetch<Args extends unknown[]>(
    handler: (request: Request, auth: RequestAuth, ...rest: Args) => Response | Promise<Response>,
  ): (request: Request, ...rest: Args) => Promise<Response>;
}

/**
 * Like adapter-nextjs's `createServerRunner({config, runtimeOptions})`: parses the config once and
 * gives per-request helpers. `runtimeOptions.cookies` sets the cookie attributes (defaults: Path=/,
 * SameSite=Lax, Secure, 1 year, not HttpOnly — see `cookie-kv.ts`).
 */
export function createServerRunner(options: ServerRunnerOptions): ServerRunner {
  const { cookies = {}, ...runtime } = options.runtimeOptions ?? {};
  const server = createServerScope({ config: options.config, cookie: cookies, ...runtime });
  // One scope per request object, so several calls in one request share cookies and one refresh.
  const scopeOf = (request: NodeRequestLike, response?: NodeResponseLike) =>
    server.scopeOf(request, response, () => ({
      cookies: request.headers.cookie,
      sink: response && nodeResponseSink(response),
      writable: () => !!response && !response.headersSent,
    }));
  return {
    runWithAmplifyServerContext: ({ request, response, operation }) => scopeOf(request, response).run(operation),
    auth: (request, response) => scopeOf(request, response).auth,
    express: () => (req, res, next) => {
      let auth: RequestAuth | undefined;
      Object.defineProperty(req, 'auth', {
        configurable: true,
        enumerable: false,
        get: () => (auth ??= scopeOf(req, res).auth),
      });
      next();
    },
    fetch:
      handler =>
      async (request, ...rest) => {
        const scope = server.open({ cookies: request.headers.get('cookie'), writable: () => true });
        return withSetCookies(await handler(request, scope.auth, ...rest), scope.jar.setCookieHeaders());
      },
  };
}
