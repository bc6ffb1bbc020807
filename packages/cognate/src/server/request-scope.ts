/**
 * The one request scope every framework adapter uses (`cognate-auth/node`: Node http, Express, Fetch;
 * `cognate-auth/nextjs`: every Next context and the auth route handlers). Framework-free: an adapter
 * says where the request's cookies come from and where writes go (a `CookieSink`), and gets back a
 * scope with the request's cookie jar (`cookies.ts`), the cookie storage over it (`cookie-kv.ts`:
 * chunking, Amplify's attributes), a token provider that verifies by default (`token-provider.ts`)
 * and, with an identity pool, a credentials provider, and runs operations in server contexts over
 * them (`context.ts`).
 *
 * One scope per request (`scopeOf`, keyed by the adapter's request object, weakly), created lazily and
 * dropped with the request: several operations in one request share one jar and one token provider,
 * so they see each other's writes and share a single refresh (two refreshes with one rotating refresh
 * token would sign the user out). A later call of the same request bringing another response gets the
 * writes made so far replayed onto it. Nothing is shared between requests but the config and the
 * runner's verifier (its JWKS cache).
 */
import { fetchAuthSessionOf } from '../context/session.js';
import { fetchUserAttributesOf } from '../context/session-attributes.js';
import { currentUserOf } from '../context/session-user.js';
import { parseAmplifyConfig } from '../config/parse-amplify-config.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { AmplifyOutputs, CognitoUserPoolConfig, LegacyConfig, LibraryOptions, ResourcesConfig } from '../types/config.js';
import type { FetchUserAttributesOutput, GetCurrentUserOutput } from '../types/auth.js';
import type { AuthSession, FetchAuthSessionOptions } from '../types/session.js';
import { createAWSCredentialsAndIdentityIdProvider } from './credentials.js';
import { createKeyValueStorageFromCookieStorageAdapter, defaultSetCookieOptions, type CookieStorage } from './cookie-kv.js';
import { cookieScopeOf, RequestCookieJar, type CookieSink } from './cookies.js';
import { getServerAuthContext, runWithAmplifyServerContext, type ContextSpec } from './context.js';
import { createUserPoolsTokenProvider, verifierFor, type UserPoolsTokenProviderOptions } from './token-provider.js';

/** `cognate-auth/node`'s `runtimeOptions.cookies`: the attributes of the auth cookies. */
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

/** What every runner takes besides its cookies' attributes. */
export interface ScopeRuntimeOptions {
  /** Token verification (default on; one verifier per runner, owning its keys); see `createUserPoolsTokenProvider`. */
  verify?: UserPoolsTokenProviderOptions['verify'];
  /** The `fetch` for Cognito, identity-pool and JWKS calls. */
  fetch?: typeof fetch;
  /** Why a stored token was refused (the request reads as signed out); see `createUserPoolsTokenProvider`. */
  onRejected?: UserPoolsTokenProviderOptions['onRejected'];
}

export interface ServerRunnerOptions {
  config: ResourcesConfig | LegacyConfig | AmplifyOutputs;
  runtimeOptions?: ScopeRuntimeOptions & { cookies?: CookieOptions };
}

/** What a request handler gets: the server APIs, bound to this request. */
export interface RequestAuth {
  fetchAuthSession(options?: FetchAuthSessionOptions): Promise<AuthSession>;
  getCurrentUser(): Promise<GetCurrentUserOutput>;
  fetchUserAttributes(): Promise<FetchUserAttributesOutput>;
  /** Any server API: `req.auth.run((spec) => fetchAuthSession(spec))`. */
  run<Result>(operation: (contextSpec: ContextSpec) => Result | Promise<Result>): Promise<Result>;
}

/** What a runner fixes for all its requests. */
export interface ServerScopeOptions extends ScopeRuntimeOptions {
  config: ResourcesConfig | LegacyConfig | AmplifyOutputs;
  /** The auth cookies' attributes; `Path=/; SameSite=Lax; Secure` and 1 year where not given (see `cookie-kv.ts`). */
  cookie?: CookieStorage.SetCookieOptions;
  /** Which cookie names requests may write or delete (default: all). */
  allow?: (name: string) => boolean;
}

/** What an adapter says about one request. */
export interface RequestIO {
  /** The `Cookie` header, or the cookies already parsed (a Map given is the jar's, not copied). */
  cookies: string | Map<string, string> | null | undefined;
  /** Where writes go; none: they are only kept (`jar.setCookieHeaders()`). */
  sink?: CookieSink | undefined;
  /** Whether a write can still reach the browser (default: there is a sink). Where not, an expired session is not refreshed. */
  writable?: () => boolean;
}

export interface RequestScope {
  jar: RequestCookieJar;
  storage: KeyValueStorageInterface;
  run<Result>(operation: (contextSpec: ContextSpec) => Result | Promise<Result>): Promise<Result>;
  auth: RequestAuth;
  /** Sends the writes so far, and later ones, to another response of the same request. */
  retarget(sink: CookieSink | undefined, writable?: () => boolean): void;
}

export interface ServerScope {
  /** The parsed config. */
  config: ResourcesConfig;
  /** The auth cookies' attributes (`Path=/; SameSite=Lax; Secure` unless given otherwise). */
  cookie: CookieStorage.SetCookieOptions;
  /** A new scope for one request. */
  open(io: RequestIO): RequestScope;
  /**
   * The scope of the request `key` (created on first use; `key` undefined: always a new one). `target`
   * is where this call's writes go (its response or cookie store; undefined: wherever the request's
   * earlier calls sent them); `io` is read only when a scope is created or the target changed.
   */
  scopeOf(key: object | undefined, target: unknown, io: () => RequestIO): RequestScope;
}

const writableBy = (io: Pick<RequestIO, 'sink' | 'writable'>): (() => boolean) => io.writable ?? (io.sink ? () => true : () => false);

/** Parses the config and makes the verifier once per runner; then scopes per request. */
export function createServerScope(options: ServerScopeOptions): ServerScope {
  const config = parseAmplifyConfig(options.config);
  const cookie: CookieStorage.SetCookieOptions = { ...defaultSetCookieOptions, ...options.cookie };
  const deleteScope = cookieScopeOf(cookie);
  const cognito = config.Auth?.Cognito as Partial<CognitoUserPoolConfig> | undefined;
  const verify =
    options.verify === false
      ? false
      : cognito?.userPoolId && cognito.userPoolClientId
        ? verifierFor(
            cognito as CognitoUserPoolConfig,
            { ...(options.verify !== undefined ? { verify: options.verify } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) },
            false,
          )
        : undefined;
  const hasIdentityPool = !!(cognito as { identityPoolId?: string } | undefined)?.identityPoolId;
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};

  const open = (io: RequestIO): RequestScope => {
    const jar = new RequestCookieJar(io.cookies, deleteScope, io.sink, options.allow);
    const storage = createKeyValueStorageFromCookieStorageAdapter(jar, undefined, cookie);
    let canWrite = writableBy(io);
    let library: LibraryOptions | undefined;
    const libraryOptions = (): LibraryOptions => {
      if (library) return library;
      const tokenProvider = createUserPoolsTokenProvider(config.Auth, storage, {
        ...(verify !== undefined ? { verify } : {}),
        ...fetchOption,
        ...(options.onRejected ? { onRejected: options.onRejected } : {}),
        canRefresh: () => canWrite(),
      });
      const credentialsProvider = hasIdentityPool ? createAWSCredentialsAndIdentityIdProvider(config.Auth, storage, fetchOption) : undefined;
      library = { Auth: { tokenProvider, ...(credentialsProvider ? { credentialsProvider } : {}) }, ...fetchOption };
      return library;
    };
    const run = <Result>(operation: (contextSpec: ContextSpec) => Result | Promise<Result>) => runWithAmplifyServerContext(config, libraryOptions(), operation);
    const auth: RequestAuth = {
      fetchAuthSession: fetchOptions => run(spec => fetchAuthSessionOf(getServerAuthContext(spec), fetchOptions)),
      getCurrentUser: () => run(spec => currentUserOf(getServerAuthContext(spec))),
      fetchUserAttributes: () => run(spec => fetchUserAttributesOf(getServerAuthContext(spec))),
      run,
    };
    return {
      jar,
      storage,
      run,
      auth,
      retarget(sink, writable) {
        canWrite = writableBy({ sink, ...(writable ? { writable } : {}) });
        jar.retarget(sink);
      },
    };
  };

  // Weak: a request's entry goes with the request object.
  const scopes = new WeakMap<object, { scope: RequestScope; target: unknown }>();
  const scopeOf = (key: object | undefined, target: unknown, io: () => RequestIO): RequestScope => {
    if (!key) return open(io());
    const found = scopes.get(key);
    if (!found) {
      const scope = open(io());
      scopes.set(key, { scope, target });
      return scope;
    }
    // A call without a target of its own (a Node call without the response) keeps the request's.
    if (target !== undefined && found.target !== target) {
      const next = io();
      found.target = target;
      found.scope.retarget(next.sink, writableBy(next));
    }
    return found.scope;
  };

  return { config, cookie, open, scopeOf };
}
