/**
 * Express / connect helpers of `cognate-auth/node` (exported from its index): `requireAuth` for routes
 * that need a signed-in user and `authErrorHandler` turning a signed-out user's error into a 401, over
 * the lazy `req.auth` that `runner.express()` sets.
 */
import type { RequestAuth } from '../server/request-scope.js';
import { NO_STORE, type NodeResponseLike } from '../server/cookie-sinks.js';

/** The parts of `http.IncomingMessage` used (duck-typed: no `node:http` import). */
export interface NodeRequestLike {
  headers: { cookie?: string | undefined } & Record<string, unknown>;
}

declare global {
  // Express's own extension point (@types/express-serve-static-core declares `Express.Request` for
  // this): with `app.use(runner.express())`, `req.auth` is typed without a cast.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** This request's server APIs, set by `runner.express()` (lazy: nothing runs until a method is called). */
      auth: RequestAuth;
    }
  }
}

/** The parts of a connect-style response used to answer 401. */
export interface NodeErrorResponseLike extends NodeResponseLike {
  statusCode: number;
  end(body?: string): unknown;
}

const SIGNED_OUT = 'UserUnAuthenticatedException';

function isSignedOut(error: unknown): error is Error {
  return error instanceof Error && error.name === SIGNED_OUT;
}

/** 401 with the error's name and message as JSON (no token or cookie value is ever in them). */
function unauthorized(res: NodeErrorResponseLike, error: Error): void {
  res.statusCode = 401;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', NO_STORE);
  res.end(JSON.stringify({ name: error.name, message: error.message }));
}

/**
 * Express / connect middleware for routes that need a signed-in user: after `runner.express()`, it
 * reads the user (`req.auth.getCurrentUser()`, verified, refreshed if expired) and answers 401
 * `{"name":"UserUnAuthenticatedException",…}` when there is none; any other error (an unreachable
 * JWKS) goes to `next(error)`. Works with Express 4 and 5.
 */
export function requireAuth(req: NodeRequestLike & { auth?: RequestAuth }, res: NodeErrorResponseLike, next: (error?: unknown) => void): void {
  if (!req.auth) {
    next(new Error('requireAuth needs app.use(runner.express()) before it.'));
    return;
  }
  req.auth.getCurrentUser().then(
    () => next(),
    (error: unknown) => (isSignedOut(error) && !res.headersSent ? unauthorized(res, error) : next(error)),
  );
}

/**
 * Express error handler (`app.use(authErrorHandler)` after the routes): a signed-out user's
 * `UserUnAuthenticatedException` from any route becomes 401 instead of Express's 500; every other
 * error is passed on. Express 5 hands a rejected `async` handler's error here; Express 4 needs
 * `next(error)` (or `requireAuth`).
 */
export function authErrorHandler(error: unknown, _req: NodeRequestLike, res: NodeErrorResponseLike, next: (error?: unknown) => void): void {
  if (isSignedOut(error) && !res.headersSent) unauthorized(res, error);
  else next(error);
}
