/**
 * The Next.js shapes `cognate-auth/nextjs` accepts, written structurally so that one declaration fits
 * Next 15 and 16 (and 14's synchronous `cookies()`) without importing `next` — a `NextRequest`,
 * `NextResponse`, `cookies` from `next/headers`, or a Pages Router `req`/`res` are all assignable.
 * The names are those of Amplify's `NextServer` namespace.
 */
import type { NodeResponseLike } from '../server/cookie-sinks.js';
import type { ContextSpec } from '../server/context.js';
import type { AmplifyOutputs, LegacyConfig, ResourcesConfig } from '../types/config.js';
import type { UserPoolsTokenProviderOptions } from '../server/token-provider.js';

/** Options for one cookie, as Next's `cookies().set(name, value, options)` takes them. */
export interface NextCookieOptions {
  domain?: string;
  path?: string;
  expires?: Date | number;
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: boolean | 'lax' | 'strict' | 'none';
}

/** `await cookies()` from `next/headers` (read-only in Server Components, writable in Server Actions). */
export interface NextCookieStore {
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options?: NextCookieOptions): unknown;
}

/** `NextRequest` (App Router route handlers, middleware / proxy): `cookies` is its `RequestCookies`. */
export interface NextRequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly cookies: { getAll(): { name: string; value: string }[] };
}

/** `NextResponse` (middleware / proxy, route handlers): `cookies` is its `ResponseCookies`. */
export interface NextResponseLike {
  readonly headers: Headers;
  readonly cookies: { set(name: string, value: string, options?: NextCookieOptions): unknown };
}

/** The parts of a Pages Router `req` (`IncomingMessage` / `NextApiRequest`) used. */
export interface PagesRequestLike {
  headers: { cookie?: string | undefined; [name: string]: unknown };
  cookies?: Partial<Record<string, string>>;
  url?: string | undefined;
  method?: string | undefined;
}

/** The parts of a Pages Router `res` (`ServerResponse` / `NextApiResponse`) used. */
export type PagesResponseLike = NodeResponseLike;

export declare namespace NextServer {
  /** Server Components and Server Actions: `{ cookies }`, the function from `next/headers` itself. */
  type ServerComponentContext = { cookies: () => NextCookieStore | Promise<NextCookieStore> };
  type ServerActionContext = ServerComponentContext;
  /** Middleware / proxy, or a route handler that returns the `NextResponse` it passes in. */
  type NextRequestAndNextResponseContext = { request: NextRequestLike; response: NextResponseLike };
  /** A route handler that returns the plain `Response` it passes in (its headers must be mutable). */
  type NextRequestAndResponseContext = { request: NextRequestLike; response: Response };
  /** Pages Router `getServerSideProps` and API routes: `{ request: req, response: res }`. */
  type GetServerSidePropsContext = { request: PagesRequestLike; response: PagesResponseLike };
  /** `null`: static rendering, with no request (guest / unauthenticated only). */
  type Context = ServerComponentContext | NextRequestAndNextResponseContext | NextRequestAndResponseContext | GetServerSidePropsContext | null;

  interface RunWithContextInput<OperationOutput> {
    nextServerContext: Context;
    operation: (contextSpec: ContextSpec) => OperationOutput | Promise<OperationOutput>;
  }
  type RunOperationWithContext = <OperationOutput>(input: RunWithContextInput<OperationOutput>) => Promise<OperationOutput>;

  /** Amplify's `runtimeOptions.cookies`: what the app may choose (HttpOnly, Secure and Path are not). */
  interface RuntimeCookieOptions {
    domain?: string;
    expires?: Date;
    sameSite?: 'lax' | 'strict' | 'none';
    maxAge?: number;
  }

  interface CreateServerRunnerRuntimeOptions {
    cookies?: RuntimeCookieOptions;
    /**
     * Not in Amplify: the app's origin (e.g. `https://app.example.com`). Defaults to the
     * `AMPLIFY_APP_ORIGIN` environment variable. With an origin, auth runs server-side only:
     * tokens live in HttpOnly cookies and `createAuthRouteHandlers` may be used.
     */
    origin?: string;
    /** Not in Amplify: token verification (default on); see `createUserPoolsTokenProvider`. */
    verify?: UserPoolsTokenProviderOptions['verify'];
    /** Not in Amplify: the `fetch` for Cognito, the hosted UI's token endpoints and the JWKS. */
    fetch?: typeof fetch;
    /** Not in Amplify: told why a stored token was refused (logging). */
    onRejected?: (reason: string) => void;
  }

  interface CreateServerRunnerInput {
    config: ResourcesConfig | LegacyConfig | AmplifyOutputs;
    runtimeOptions?: CreateServerRunnerRuntimeOptions;
  }

  interface CreateAuthRoutesHandlersInput {
    /** Carried through the hosted UI inside `state` (hex-encoded, as Amplify). */
    customState?: string;
    /** A path on the app (or a URL on its origin); default `/`. */
    redirectOnSignInComplete?: string;
    /** A path on the app (or a URL on its origin); default `/`. */
    redirectOnSignOutComplete?: string;
  }

  /** App Router: `export const GET = createAuthRouteHandlers()` in `app/api/auth/[slug]/route.ts`. */
  /** (`params` is a Promise since Next 15; a plain object, as Next 14 gave, is accepted at run time.) */
  type AppRouterContext = { params: Promise<Record<string, string | string[] | undefined>> };
  /** Pages Router: `export default createAuthRouteHandlers()` in `pages/api/auth/[slug].ts`. */
  type PagesApiRequest = PagesRequestLike & { query: Partial<Record<string, string | string[]>> };
  type PagesApiResponse = PagesResponseLike & {
    status(code: number): unknown;
    end(body?: string): unknown;
  };

  /**
   * One handler for both routers, told apart by the second argument: App Router calls give a
   * `Response`, Pages Router calls write to `res`. Overloads, App Router last: Next 15's generated
   * route check reads the last signature's parameters (a union with Pages types fails it), and
   * Next 16's checks assignability, which any matching overload satisfies.
   */
  interface AuthRouteHandlers {
    (request: PagesApiRequest, response: PagesApiResponse): Promise<void>;
    (request: Request, context: AppRouterContext): Promise<Response>;
  }

  type CreateAuthRouteHandlers = (input?: CreateAuthRoutesHandlersInput) => AuthRouteHandlers;

  interface CreateServerRunnerOutput {
    runWithAmplifyServerContext: RunOperationWithContext;
    createAuthRouteHandlers: CreateAuthRouteHandlers;
  }
}
