/**
 * What `createServerRunner` hands its route handlers (`createAuthRouteHandlers`): the resolved
 * config and cookie attributes, and a request scope over given cookies.
 */
import type { CookieStorage } from '../server/cookie-kv.js';
import type { ContextSpec } from '../server/context.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { ResourcesConfig } from '../types/config.js';
import type { CookieSink, DeleteScope } from './cookies.js';
import type { NextServer } from './types.js';

/** What the route handlers need from the runner. */
export interface RunnerInternals {
  config: ResourcesConfig;
  /** The app's origin (server-side auth), or undefined. */
  origin: string | undefined;
  tokenCookie: CookieStorage.SetCookieOptions;
  deleteScope: DeleteScope;
  runtimeOptions: NextServer.CreateServerRunnerRuntimeOptions;
  /** A scope over given cookies writing to `sink` (the route handlers' own responses). */
  scope(cookies: Map<string, string>, sink: CookieSink | undefined, writable: () => boolean): RequestScope;
}

export interface RequestScope {
  storage: KeyValueStorageInterface;
  run<Result>(operation: (contextSpec: ContextSpec) => Result | Promise<Result>): Promise<Result>;
  /** Sends the writes so far, and later ones, to another response of the same request. */
  retarget(sink: CookieSink | undefined, writable: () => boolean): void;
}
