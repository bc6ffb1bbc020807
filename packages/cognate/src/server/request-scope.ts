/**
 * What every framework adapter does per request, in one place: parse the request's cookies into a
 * jar, wrap it in the cookie storage, build the request's token provider (verifying) and, with an
 * identity pool, its credentials provider, and run operations in server contexts over them. The
 * adapters (`cognate-auth/node`: Node http, Express, Fetch) only say where the `Cookie` header comes from
 * and where `Set-Cookie` goes.
 *
 * One scope per request, created lazily and dropped with the request: several operations in one
 * request share one jar and one token provider, so they see each other's writes and share a single
 * refresh (two refreshes with one rotating refresh token would sign the user out). Nothing is shared
 * between requests but the config and the runner's verifier (its JWKS cache).
 */
import { fetchAuthSessionOf } from '../context/session.js';
import { fetchUserAttributesOf } from '../context/session-attributes.js';
import { currentUserOf } from '../context/session-user.js';
import { parseAmplifyConfig } from '../config/parse-amplify-config.js';
import type { AmplifyOutputs, CognitoUserPoolConfig, LegacyConfig, LibraryOptions, ResourcesConfig } from '../types/config.js';
import type { FetchUserAttributesOutput, GetCurrentUserOutput } from '../types/auth.js';
import type { AuthSession, FetchAuthSessionOptions } from '../types/session.js';
import { createAWSCredentialsAndIdentityIdProvider } from './credentials.js';
import { createKeyValueStorageFromCookieStorageAdapter, type CookieStorage } from './cookie-kv.js';
import { RequestCookieJar } from './cookies.js';
import { getServerAuthContext, runWithAmplifyServerContext, type ContextSpec } from './context.js';
import { createUserPoolsTokenProvider, verifierFor, type UserPoolsTokenProviderOptions } from './token-provider.js';

export interface CookieOptions {
  domain?: string;
  path?: string;
  sameSite?: 'lax' | 'strict' | 'none';
  /** Seconds; default 1 year (see `cookie-kv.ts` for why). */
  maxAge?: number;
  expires?: Date;
  /** Default true. */
  secure?: boolean;
  /** Default false: the browser library must read the tokens. True for server-only auth. */
  httpOnly?: boolean;
}

export interface ServerRunnerOptions {
  config: ResourcesConfig | LegacyConfig | AmplifyOutputs;
  runtimeOptions?: {
    cookies?: CookieOptions;
    /** Token verification (default on); see `createUserPoolsTokenProvider`. */
    verify?: UserPoolsTokenProviderOptions['verify'];
    /** The `fetch` for Cognito, identity-pool and JWKS calls. */
    fetch?: typeof fetch;
    /** Why a stored token was refused (the request reads as signed out); see `createUserPoolsTokenProvider`. */
    onRejected?: UserPoolsTokenProviderOptions['onRejected'];
  };
}

/** What a request handler gets: the server APIs, bound to this request. */
export interface RequestAuth {
  fetchAuthSession(options?: FetchAuthSessionOptions): Promise<AuthSession>;
  getCurrentUser(): Promise<GetCurrentUserOutput>;
  fetchUserAttributes(): Promise<FetchUserAttributesOutput>;
  /** Any server API: `req.auth.run((spec) => fetchAuthSession(spec))`. */
  run<Result>(operation: (contextSpec: ContextSpec) => Result | Promise<Result>): Promise<Result>;
}

export interface ResolvedRunner {
  config: ResourcesConfig;
  options: NonNullable<ServerRunnerOptions['runtimeOptions']>;
  cookie: CookieStorage.SetCookieOptions;
  /** Made once per runner and owned by it: its keys are no other runner's (false: verification off). */
  verify: UserPoolsTokenProviderOptions['verify'];
}

export function resolveRunner(options: ServerRunnerOptions): ResolvedRunner {
  const runtime = options.runtimeOptions ?? {};
  const c = runtime.cookies ?? {};
  const cookie: CookieStorage.SetCookieOptions = {
    path: c.path ?? '/',
    sameSite: c.sameSite ?? 'lax',
    secure: c.secure ?? true,
    httpOnly: c.httpOnly ?? false,
    ...(c.domain ? { domain: c.domain } : {}),
    ...(c.maxAge !== undefined ? { maxAge: c.maxAge } : {}),
    ...(c.expires ? { expires: c.expires } : {}),
  };
  const config = parseAmplifyConfig(options.config);
  const cognito = config.Auth?.Cognito as Partial<CognitoUserPoolConfig> | undefined;
  const verify =
    runtime.verify === false
      ? false
      : cognito?.userPoolId && cognito.userPoolClientId
        ? verifierFor(
            cognito as CognitoUserPoolConfig,
            { ...(runtime.verify !== undefined ? { verify: runtime.verify } : {}), ...(runtime.fetch ? { fetch: runtime.fetch } : {}) },
            false,
          )
        : undefined;
  return { config, options: runtime, cookie, verify };
}

export interface RequestScope {
  jar: RequestCookieJar;
  run<Result>(operation: (contextSpec: ContextSpec) => Result | Promise<Result>): Promise<Result>;
  auth: RequestAuth;
}

/**
 * The scope of one request. `onWrite` is told after each cookie write (Node writes the headers then);
 * `canWrite` says whether a write can still reach the client.
 */
export function createRequestScope(
  runner: ResolvedRunner,
  cookieHeader: string | null | undefined,
  onWrite?: () => void,
  canWrite?: () => boolean,
): RequestScope {
  const { config, options, cookie, verify } = runner;
  const jar = new RequestCookieJar(
    cookieHeader,
    {
      path: cookie.path ?? '/',
      ...(cookie.domain ? { domain: cookie.domain } : {}),
      ...(cookie.secure !== undefined ? { secure: cookie.secure } : {}),
      ...(cookie.sameSite !== undefined ? { sameSite: cookie.sameSite } : {}),
    },
    onWrite,
  );
  let library: LibraryOptions | undefined;
  const libraryOptions = (): LibraryOptions => {
    if (library) return library;
    const kv = createKeyValueStorageFromCookieStorageAdapter(jar, undefined, cookie);
    const tokenProvider = createUserPoolsTokenProvider(config.Auth, kv, {
      ...(verify !== undefined ? { verify } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.onRejected ? { onRejected: options.onRejected } : {}),
      ...(canWrite ? { canRefresh: canWrite } : {}),
    });
    const hasIdentityPool = !!(config.Auth?.Cognito as { identityPoolId?: string } | undefined)?.identityPoolId;
    const credentialsProvider = hasIdentityPool
      ? createAWSCredentialsAndIdentityIdProvider(config.Auth, kv, options.fetch ? { fetch: options.fetch } : {})
      : undefined;
    library = { Auth: { tokenProvider, ...(credentialsProvider ? { credentialsProvider } : {}) }, ...(options.fetch ? { fetch: options.fetch } : {}) };
    return library;
  };
  const run = <Result>(operation: (contextSpec: ContextSpec) => Result | Promise<Result>) => runWithAmplifyServerContext(config, libraryOptions(), operation);
  const auth: RequestAuth = {
    fetchAuthSession: fetchOptions => run(spec => fetchAuthSessionOf(getServerAuthContext(spec), fetchOptions)),
    getCurrentUser: () => run(spec => currentUserOf(getServerAuthContext(spec))),
    fetchUserAttributes: () => run(spec => fetchUserAttributesOf(getServerAuthContext(spec))),
    run,
  };
  return { jar, run, auth };
}
